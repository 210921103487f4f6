import { join, resolve } from 'node:path';
import { missingError } from '../errors.js';
import { exists } from './files.js';
import { DEFAULT_DIRECTORY, TFVARS } from './paths.js';

const isProject = async (dir: string) => (await exists(join(dir, TFVARS))) || (await exists(join(dir, 'app/main.tf')));

/**
 * The project a command works on: the directory named, or with none the current directory when it is a
 * project, else ./sym-okta-quickstart, where `init` writes one by default (doctor, ci and destroy alike).
 */
export async function findProject(cwd: string, dirArg: string | undefined, command: string): Promise<string> {
  const candidates = dirArg === undefined ? [cwd, resolve(cwd, DEFAULT_DIRECTORY)] : [resolve(cwd, dirArg)];
  for (const dir of candidates) if (await isProject(dir)) return dir;
  throw missingError(
    dirArg === undefined
      ? `Neither ${cwd} nor ${resolve(cwd, DEFAULT_DIRECTORY)} is a sym-okta-quickstart project (there is no ${TFVARS}).`
      : `${candidates[0]} is not a sym-okta-quickstart project (there is no ${TFVARS}).`,
    `Name the project directory (\`npx sym-okta-quickstart ${command} path/to/project\`), or create one with \`npx sym-okta-quickstart init\`.`,
  );
}
