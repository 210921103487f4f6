import type { OktaStandin, OktaStandinOptions } from './okta-standin.mjs';

export declare const ROOT: string;
export declare const REPO_CLI: string;
export declare const FIXTURE_TEMPLATES: string;
export declare function offlineTfEnv(tmpDir: string, mirror: string): Record<string, string>;

export interface WorldBaseOptions {
  motoUrl: string;
  tfMirror: string;
  symflowVersion?: string;
  /** The symflow stand-in's initial state (test/helpers/world.ts describes it as SymflowState). */
  symflow?: { org?: string };
  okta?: OktaStandinOptions;
  /** Put the recording terraform wrapper (test/wrap) on PATH. */
  wrapTerraform?: boolean;
}

export interface WorldBase {
  root: string;
  home: string;
  work: string;
  logs: string;
  dir: string;
  env: Record<string, string>;
  okta: OktaStandin;
  runtime: string;
  org: string;
  token: string;
  secretName: string;
  statePath: string;
}

export declare function makeWorldBase(o: WorldBaseOptions): Promise<WorldBase>;
