import { Injectable, type OnModuleInit } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PolicyCompiler } from '../publishing/policy-compiler.service';
import type { LoadedRegoPolicy } from '../publishing/rego-toolchain';
import type { Principal } from './principal';

/** What the admin authorization policy is asked. */
export interface AdminAuthzInput {
  readonly principal: { readonly name: string; readonly scopes: readonly string[] };
  readonly action: string;
  readonly method: string;
  readonly path: string;
}

export interface AdminAuthzDecision {
  readonly allow: boolean;
  readonly reason?: string;
}

/** Shipped beside the app (copied into dist/ by the build), read from both src/ and dist/. */
const POLICY_DIR = join(__dirname, '..', '..', 'policies');
const POLICY_FILE = 'admin_authz.rego';
const ALLOW = 'vigil/admin/allow';
const REASON = 'vigil/admin/reason';

/**
 * Decides every admin API request with policies/admin_authz.rego, compiled at boot by our
 * own compiler and evaluated in-process through opa-wasm (we use what we sell); the grants
 * per scope are the policy's data (admin_permissions.json). A policy that does not compile
 * stops the boot, and a decision that is not exactly `true` is a denial (fail closed).
 */
@Injectable()
export class AdminAuthorizer implements OnModuleInit {
  private readonly permissions: Readonly<Record<string, readonly string[]>> = JSON.parse(readFileSync(join(POLICY_DIR, 'admin_permissions.json'), 'utf8'));
  private policy: LoadedRegoPolicy | null = null;

  constructor(private readonly compiler: PolicyCompiler) {}

  async onModuleInit(): Promise<void> {
    const source = readFileSync(join(POLICY_DIR, POLICY_FILE), 'utf8');
    const compiled = this.compiler.compile({ modules: [{ path: POLICY_FILE, source }], entrypoints: [ALLOW, REASON], purpose: 'admin_authz' });
    const policy = await this.compiler.load(compiled.wasm);
    policy.setData({ permissions: this.permissions });
    this.policy = policy;
  }

  decide(principal: Principal, action: string, method: string, path: string): AdminAuthzDecision {
    const input: AdminAuthzInput = { principal: { name: principal.name, scopes: principal.scopes }, action, method, path };
    if (!this.policy) return { allow: false, reason: 'the admin authorization policy is not loaded' };
    try {
      const allow = this.policy.evaluate(input, ALLOW) as { result?: unknown }[];
      if (allow[0]?.result === true) return { allow: true };
      const reason = this.policy.evaluate(input, REASON) as { result?: unknown }[];
      return { allow: false, reason: typeof reason[0]?.result === 'string' ? reason[0].result : undefined };
    } catch (e) {
      // An evaluation error is a denial, never an allow.
      return { allow: false, reason: `admin authorization policy failed: ${(e as Error).message}` };
    }
  }
}
