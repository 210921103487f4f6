/**
 * Terraform's state as text (`terraform state pull`, or the local file): resource instances with
 * their attributes. The state stores attributes as plain JSON, so reading them starts no provider
 * (`terraform show -json` starts every provider to decode a plan with its schema).
 */
import type { ResourceChange } from './terraform.js';
import type { PlannedResource } from './terraform-plan.js';

/** One resource instance as the state holds it. */
export interface StateInstance {
  /** As Terraform prints it, e.g. module.ci.aws_iam_role.plan or sym_target.okta_group["aws-admins"]. */
  address: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  /** e.g. module.sym_runtime; absent for the root module. */
  module_address?: string;
  attributes: Record<string, unknown>;
}

interface RawResource {
  module?: string;
  mode?: string;
  type: string;
  name: string;
  instances?: Array<{ index_key?: string | number; attributes?: Record<string, unknown> }>;
}

/** `module.x.aws_thing.name["key"]`: a resource instance's address, as `terraform state list` prints it. */
function instanceAddress(resource: RawResource, indexKey?: string | number): string {
  const address = [resource.module, resource.mode === 'data' ? 'data' : undefined, resource.type, resource.name]
    .filter(Boolean)
    .join('.');
  return indexKey === undefined ? address : `${address}[${JSON.stringify(indexKey)}]`;
}

/** A state as Terraform writes it (JSON, format version 4): the parts read here. */
export interface RawState {
  serial?: number;
  lineage?: string;
  resources?: RawResource[];
}

/** Every resource instance in a state's text (JSON, format version 4). */
export function stateInstances(text: string): StateInstance[] {
  return instancesOf(JSON.parse(text) as RawState);
}

/** Every resource instance in a parsed state. */
export function instancesOf(raw: RawState): StateInstance[] {
  return (raw.resources ?? []).flatMap((resource) =>
    (resource.instances ?? []).map((instance) => ({
      address: instanceAddress(resource, instance.index_key),
      mode: resource.mode === 'data' ? ('data' as const) : ('managed' as const),
      type: resource.type,
      name: resource.name,
      ...(resource.module ? { module_address: resource.module } : {}),
      attributes: instance.attributes ?? {},
    })),
  );
}

/**
 * The resources a destroy plan deletes (its list, in its order), each with the attributes the state
 * holds for it: names and the secret's recovery window, which the summary shows. A resource the
 * state does not hold by that address keeps only its address.
 */
export function destroyChanges(planned: readonly PlannedResource[], state: readonly StateInstance[]): ResourceChange[] {
  const byAddress = new Map(state.map((s) => [s.address, s]));
  return planned
    .filter((p) => p.action === 'destroy')
    .map((p) => {
      const held = byAddress.get(p.address);
      return {
        address: p.address,
        mode: 'managed' as const,
        type: held?.type ?? p.type,
        name: held?.name ?? p.address.replace(/\[[^\]]*\]$/, '').replace(/^.*\./, ''),
        ...(held?.module_address ? { module_address: held.module_address } : {}),
        change: { actions: ['delete'], before: held?.attributes ?? null },
      };
    });
}
