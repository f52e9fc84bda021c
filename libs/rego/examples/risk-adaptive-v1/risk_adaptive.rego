# Adaptive authorization on the context a Vigil agent adds to every decision's input under
# `input.vigil` (libs/agent-sdk/src/risk/risk-engine.ts): the subject's and calling service's
# risk (local anomaly score, fleet score, signals, reasons), the request's origin and whether
# it is within the subject's usual pattern. The answer is an adaptive result
# (libs/contracts/src/decision-result.ts) that every agent surface enforces:
#   deny      → 403   services marked non-compliant; subjects whose risk is very high
#   challenge → 401   a new origin without a strong authentication (step-up to MFA)
#   limit     → 429   an anomalous subject keeps working, at a throttled rate
#   allow             otherwise, when the subject's grants permit the action
package risk_adaptive

import rego.v1

# Tunables from data.risk_adaptive_config (not data.risk_adaptive: that is this package).
defaults := {"thresholds": {"deny": 0.9, "limit": 0.4}, "limit": {"rate": 2, "burst": 5}, "quarantined_services": [], "grants": {}}

default cfg := {"thresholds": {"deny": 0.9, "limit": 0.4}, "limit": {"rate": 2, "burst": 5}, "quarantined_services": [], "grants": {}}

cfg := object.union(defaults, data.risk_adaptive_config)

subject_risk := object.get(input, ["vigil", "risk", "subject", "score"], 0)

calling_service := object.get(input, ["vigil", "service"], null)

default decision := {"deny": true, "reasons": ["no grant permits this action"]}

decision := adaptive if permitted

permitted if input.action in object.get(cfg, ["grants", input.subject], [])

adaptive := {"deny": true, "reasons": sort(non_compliance)} if {
	count(non_compliance) > 0
} else := {"deny": true, "reasons": array.concat(["risk is too high"], subject_reasons)} if {
	subject_risk >= cfg.thresholds.deny
} else := {"challenge": {"acr_values": "mfa", "max_age": 300}, "reasons": ["request from a new origin"]} if {
	new_origin
	not strong_authentication
} else := {"limit": {"rate": cfg.limit.rate, "burst": cfg.limit.burst, "per": "subject"}, "reasons": anomaly_reasons} if {
	anomalous
} else := {"allow": true}

# A scanner (POST /v1/signals) or a device-compliance SET marked the calling service; or an
# operator quarantined it in data.
non_compliance contains sprintf("calling service %s is not compliant: %s", [calling_service, s.reason]) if {
	s := input.vigil.risk.service.signals.non_compliant
	s.level > 0
}

non_compliance contains sprintf("calling service %s is quarantined", [calling_service]) if {
	calling_service in cfg.quarantined_services
}

new_origin if input.vigil.usual.origin == false

# The token is verified before this policy runs (e.g. by the gateway); acr says how.
strong_authentication if input.token.acr == "mfa"

anomalous if subject_risk >= cfg.thresholds.limit

anomalous if input.vigil.usual.request_rate == false

subject_reasons := object.get(input, ["vigil", "risk", "subject", "reasons"], [])

anomaly_reasons := subject_reasons if count(subject_reasons) > 0

else := ["request rate is unusual for this subject"]
