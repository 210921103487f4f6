import { join } from 'node:path';
import { exists, readText } from './files.js';

/**
 * The `name` of every resource in the project's local Terraform state (app/terraform.tfstate): what
 * this project created itself, so a name found in AWS or Sym that is also here is not a clash.
 * `unknown` when the state is kept in a backend (app/backend.tf) and no local copy exists.
 */
export async function namesInState(dir: string): Promise<Set<string> | 'unknown'> {
  const app = join(dir, 'app');
  const text = await readText(join(app, 'terraform.tfstate'));
  if (text === undefined) return (await exists(join(app, 'backend.tf'))) ? 'unknown' : new Set();
  const names = new Set<string>();
  try {
    const state = JSON.parse(text) as { resources?: Array<{ instances?: Array<{ attributes?: { name?: unknown } }> }> };
    for (const r of state.resources ?? [])
      for (const i of r.instances ?? []) if (typeof i.attributes?.name === 'string') names.add(i.attributes.name);
  } catch {
    return 'unknown';
  }
  return names;
}
