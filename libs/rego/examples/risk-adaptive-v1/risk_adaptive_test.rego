package risk_adaptive_test

import rego.v1

import data.risk_adaptive

# input.vigil as an agent builds it for a quiet, known subject.
calm := {
	"time_ms": 1767225600000,
	"agent": {"name": "orders-1", "service": "orders"},
	"subject": "alice",
	"service": "web",
	"origin": {"ip": "198.51.100.7", "peer": "127.0.0.1", "forwarded_for": ["198.51.100.7"], "tls": null},
	"risk": {
		"subject": {"score": 0, "local": 0, "fleet": 0, "reasons": [], "signals": {}},
		"service": {"score": 0, "local": 0, "fleet": 0, "reasons": [], "signals": {}},
	},
	"usual": {"origin": true, "request_rate": true, "deny_rate": true, "distinct_resources": true},
}

req(subject, action, vigil) := {"subject": subject, "action": action, "vigil": vigil}

with_subject_risk(score, reasons) := json.patch(calm, [
	{"op": "replace", "path": "/risk/subject/score", "value": score},
	{"op": "replace", "path": "/risk/subject/reasons", "value": reasons},
])

test_calm_request_with_a_grant_is_allowed if {
	risk_adaptive.decision == {"allow": true} with input as req("alice", "read", calm)
}

test_no_grant_is_denied_whatever_the_risk if {
	d := risk_adaptive.decision with input as req("bob", "write", calm)
	d.deny == true
	d.reasons == ["no grant permits this action"]
}

test_new_origin_asks_for_step_up if {
	vigil := json.patch(calm, [{"op": "replace", "path": "/usual/origin", "value": false}])
	d := risk_adaptive.decision with input as req("alice", "read", vigil)
	d.challenge == {"acr_values": "mfa", "max_age": 300}
	d.reasons == ["request from a new origin"]
}

test_new_origin_with_mfa_passes if {
	vigil := json.patch(calm, [{"op": "replace", "path": "/usual/origin", "value": false}])
	inp := object.union(req("alice", "read", vigil), {"token": {"acr": "mfa"}})
	risk_adaptive.decision == {"allow": true} with input as inp
}

test_anomalous_subject_is_rate_limited_with_the_agents_reasons if {
	reasons := ["deny_rate: 12 in the last 10s, usually 0.2±1 (z=5.9)"]
	d := risk_adaptive.decision with input as req("alice", "write", with_subject_risk(0.55, reasons))
	d.limit == {"rate": 2, "burst": 5, "per": "subject"}
	d.reasons == reasons
}

test_unusual_rate_alone_is_rate_limited if {
	vigil := json.patch(calm, [{"op": "replace", "path": "/usual/request_rate", "value": false}])
	d := risk_adaptive.decision with input as req("alice", "read", vigil)
	d.reasons == ["request rate is unusual for this subject"]
	d.limit.rate == 2
}

test_very_high_risk_is_denied_even_from_a_usual_origin if {
	d := risk_adaptive.decision with input as req("alice", "read", with_subject_risk(0.95, ["fleet: billing: deny_rate"]))
	d.deny == true
	d.reasons == ["risk is too high", "fleet: billing: deny_rate"]
}

test_non_compliant_service_is_denied_before_anything_else if {
	vigil := json.patch(calm, [
		{"op": "replace", "path": "/risk/service/signals", "value": {"non_compliant": {"level": 0.8, "reason": "3 critical CVEs", "source": "api:scanner", "attributes": null}}},
		{"op": "replace", "path": "/usual/origin", "value": false},
	])
	d := risk_adaptive.decision with input as req("alice", "read", vigil)
	d.deny == true
	d.reasons == ["calling service web is not compliant: 3 critical CVEs"]
}

test_quarantined_service_from_data_is_denied if {
	vigil := json.patch(calm, [{"op": "replace", "path": "/service", "value": "legacy-batch"}])
	d := risk_adaptive.decision with input as req("alice", "read", vigil)
	d.reasons == ["calling service legacy-batch is quarantined"]
}

test_thresholds_come_from_data if {
	d := risk_adaptive.decision with input as req("alice", "read", with_subject_risk(0.5, ["x"]))
		with data.risk_adaptive_config.thresholds as {"deny": 0.45, "limit": 0.2}
	d.deny == true
}

test_without_agent_context_a_granted_request_is_allowed if {
	# Risk tracking off (agent --risk off): no input.vigil, nothing is risky.
	risk_adaptive.decision == {"allow": true} with input as {"subject": "alice", "action": "read"}
}
