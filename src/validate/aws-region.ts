import { fail, ok, type Validation } from './result.js';
import { quote } from './text.js';

// By shape rather than a fixed list, so regions AWS opens after this release still pass.
const PARTITION = '(?:us-gov|us-isob|us-isof|us-iso|eu-isoe|us|eu|ap|sa|ca|me|af|il|mx|cn)';
const DIRECTION = '(?:north|south|east|west|central|northeast|southeast|northwest|southwest)';
const REGION = new RegExp(`^${PARTITION}-${DIRECTION}-\\d{1,2}$`);
const FORMAT = 'region codes look like us-east-1 or eu-west-2 (`aws ec2 describe-regions` lists them)';

// What the AWS console's region menu shows, mapped to the code. Only for hints: never auto-applied,
// because "Central" or "Asia Pacific" alone are ambiguous and a wrong region is a silent mistake.
const BY_NAME: readonly [RegExp, string][] = [
  [/\bvirginia\b/, 'us-east-1'],
  [/\bohio\b/, 'us-east-2'],
  [/\bcalifornia\b/, 'us-west-1'],
  [/\boregon\b/, 'us-west-2'],
  [/govcloud.*\beast\b/, 'us-gov-east-1'],
  [/govcloud/, 'us-gov-west-1'],
  [/\bireland\b/, 'eu-west-1'],
  [/\blondon\b/, 'eu-west-2'],
  [/\bparis\b/, 'eu-west-3'],
  [/\bfrankfurt\b/, 'eu-central-1'],
  [/\bzurich\b/, 'eu-central-2'],
  [/\bstockholm\b/, 'eu-north-1'],
  [/\bmilan\b/, 'eu-south-1'],
  [/\bspain\b/, 'eu-south-2'],
  [/\btokyo\b/, 'ap-northeast-1'],
  [/\bseoul\b/, 'ap-northeast-2'],
  [/\bosaka\b/, 'ap-northeast-3'],
  [/\bsingapore\b/, 'ap-southeast-1'],
  [/\bsydney\b/, 'ap-southeast-2'],
  [/\bjakarta\b/, 'ap-southeast-3'],
  [/\bmelbourne\b/, 'ap-southeast-4'],
  [/\bmalaysia\b/, 'ap-southeast-5'],
  [/\bthailand\b/, 'ap-southeast-7'],
  [/\bmumbai\b/, 'ap-south-1'],
  [/\bhyderabad\b/, 'ap-south-2'],
  [/\bhong kong\b/, 'ap-east-1'],
  [/\bsao paulo\b/, 'sa-east-1'],
  [/\bcalgary\b/, 'ca-west-1'],
  [/\bcanada\b/, 'ca-central-1'],
  [/\bbahrain\b/, 'me-south-1'],
  [/\buae\b/, 'me-central-1'],
  [/\bcape town\b/, 'af-south-1'],
  [/\btel aviv\b/, 'il-central-1'],
  [/\bmexico\b/, 'mx-central-1'],
  [/\bbeijing\b/, 'cn-north-1'],
  [/\bningxia\b/, 'cn-northwest-1'],
];

/** AWS region code (`us-east-1`). Lowercases, and turns an availability zone into its region, with a notice. */
export function awsRegion(raw: string): Validation {
  const value = raw.trim();
  if (!value) return fail(`The value is empty; ${FORMAT}.`);
  const lower = value.toLowerCase();
  const lowered = lower !== value ? `AWS region codes are lowercase; using ${lower}.` : undefined;
  if (REGION.test(lower)) return ok(lower, lowered);

  const az = /^(.+-\d{1,2})[a-z]$/.exec(lower);
  if (az && REGION.test(az[1]!)) return ok(az[1]!, `${value} is an availability zone; using its region, ${az[1]}.`);
  const localZone = /^([a-z-]+?-\d{1,2})-(?=[a-z0-9-]*[a-z])[a-z0-9-]+$/.exec(lower);
  if (localZone && REGION.test(localZone[1]!)) {
    return fail(`${quote(value)} is a Local or Wavelength Zone; use its parent region, ${localZone[1]}.`);
  }
  if (/^[a-z]{2,4}\d+-az\d+$/.test(lower))
    return fail(`${quote(value)} is an availability-zone ID; use the region code instead: ${FORMAT}.`);

  const plain = lower
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, ' ');
  const named = BY_NAME.find(([re]) => re.test(plain));
  if (named) return fail(`${quote(value)} is a region's display name; use its code, ${named[1]}.`);

  const respelled = lower
    .replace(/[\s_.]+/g, '-')
    .replace(/([a-z])(\d{1,2})$/, '$1-$2')
    .replace(/-{2,}/g, '-');
  if (REGION.test(respelled))
    return fail(`${quote(value)} is not written as a region code; did you mean ${respelled}?`);
  if (lower === 'global' || lower === 'aws-global')
    return fail(`${quote(value)} is not a region; pick the one to run in: ${FORMAT}.`);
  return fail(`${quote(value)} is not an AWS region code; ${FORMAT}.`);
}
