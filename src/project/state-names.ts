import { join } from 'node:path';
import { stateInstances } from '../tools/terraform-state.js';
import { exists, readText } from './files.js';

/**
 * The `name` of every resource in the project's Terraform state: what this project created itself, so
 * a name found in AWS or Sym that is also here is not a clash. The state is app/terraform.tfstate, or
 * with a backend (app/backend.tf) and no local copy, what `readRemote` returns (undefined: no state
 * yet, so no names are the project's); `unknown` when there is a backend and no way to read it.
 */
export async function namesInState(
  dir: string,
  readRemote?: () => Promise<string | undefined>,
): Promise<Set<string> | 'unknown'> {
  const app = join(dir, 'app');
  let text = await readText(join(app, 'terraform.tfstate'));
  if (text === undefined) {
    if (!(await exists(join(app, 'backend.tf')))) return new Set();
    if (!readRemote) return 'unknown';
    text = await readRemote();
    if (text === undefined) return new Set();
  }
  return namesInStateText(text);
}

/** The resource names in a Terraform state (JSON, as in the local file or the backend's object). */
export function namesInStateText(text: string): Set<string> | 'unknown' {
  const names = new Set<string>();
  try {
    for (const { attributes } of stateInstances(text))
      if (typeof attributes.name === 'string') names.add(attributes.name);
  } catch {
    return 'unknown';
  }
  return names;
}
