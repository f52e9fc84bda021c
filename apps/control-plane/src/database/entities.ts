import { AgentRow } from '../agents/agent.entity';
import { AuditEvent } from '../audit/audit-event.entity';
import { ApiKeyRow } from '../auth/api-key.entity';
import { Bundle } from '../bundles/bundle.entity';
import { BundleScopeRow } from '../bundle-scopes/bundle-scope.entity';
import { DataDocumentRow } from '../data/data-document.entity';
import { DecisionLogRow } from '../distribution/decision-logs/decision-log.entity';
import { AgentConnectionRow } from '../distribution/sessions/agent-connection.entity';
import { Policy } from '../policies/policy.entity';
import { PolicyVersion } from '../policies/policy-version.entity';
import { RevisionLogEntry } from '../revisions/revision-log.entity';
import { RevocationRow } from '../revocations/revocation.entity';
import { RoleBindingRow } from '../role-bindings/role-binding.entity';
import { SigningKeyRow } from '../signing/signing-key.entity';
import { ContainmentActionRow } from '../risk/containment-action.entity';
import { ContainmentRuleRow } from '../risk/containment-rule.entity';
import { FleetRiskRow } from '../risk/fleet-risk.entity';
import { SignalTransmitterRow } from '../signals/set/transmitter.entity';
import { SignalRow } from '../signals/signal.entity';

/** Every entity, listed once for the app's and the CLI's DataSource. */
export const ENTITIES = [
  AgentRow,
  AgentConnectionRow,
  ApiKeyRow,
  AuditEvent,
  Bundle,
  BundleScopeRow,
  DataDocumentRow,
  DecisionLogRow,
  Policy,
  PolicyVersion,
  RevisionLogEntry,
  RevocationRow,
  RoleBindingRow,
  SigningKeyRow,
  SignalRow,
  SignalTransmitterRow,
  FleetRiskRow,
  ContainmentRuleRow,
  ContainmentActionRow,
];
