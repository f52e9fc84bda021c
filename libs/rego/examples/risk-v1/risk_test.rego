package risk_test

import rego.v1

import data.risk

home := {"lat": 52.52, "lon": 13.405}

user := {"id": "u1", "known_devices": ["dev-1"], "tz": "Europe/Berlin"}

signals := {
	"device_id": "dev-1",
	"ip": "10.1.2.3",
	"client_version": "4.3.1",
	"time": "2026-03-11T09:00:00Z",
	"location": home,
	"last_login": {"time": "2026-03-11T07:00:00Z", "location": {"lat": 52.4, "lon": 13.1}},
	"failed_logins": 0,
}

req(op, overrides) := {"operation": op, "user": user, "signals": object.union(signals, overrides)}

test_trusted_context_is_allowed_with_no_factors if {
	risk.decision == {"outcome": "allow", "score": 0, "factors": {}} with input as req("payments.transfer", {})
}

test_new_device_needs_step_up_for_transfers_only if {
	d := risk.decision with input as req("payments.transfer", {"device_id": "dev-9"})
	d.outcome == "step_up"
	d.score == 50
	risk.decision.outcome == "allow" with input as req("profile.read", {"device_id": "dev-9"})
}

test_step_up_satisfied_by_mfa if {
	risk.decision.outcome == "allow" with input as req("payments.transfer", {"device_id": "dev-9", "mfa_passed": true})
}

test_impossible_travel_denies if {
	# Berlin two hours ago, New York now.
	inp := req("payments.transfer", {"location": {"lat": 40.71, "lon": -74.0}})
	risk.impossible_travel with input as inp
	d := risk.decision with input as inp
	d.outcome == "deny"
	d.factors == {"impossible_travel": 60}
	risk.decision.outcome == "step_up" with input as object.union(inp, {"operation": "payments.read"})
}

test_commute_is_not_travel if {
	not risk.impossible_travel with input as req("profile.read", {})
	# The same flight over 10 hours is possible.
	not risk.impossible_travel with input as req("profile.read", {"location": {"lat": 40.71, "lon": -74.0}, "time": "2026-03-11T17:00:00Z"})
}

test_first_login_cannot_be_travel if {
	not risk.impossible_travel with input as {"operation": "profile.read", "user": user, "signals": object.remove(signals, ["last_login"])}
}

test_distance_matches_known_city_pairs if {
	d := risk.distance_sq_km({"lat": 52.52, "lon": 13.405}, {"lat": 48.8566, "lon": 2.3522})
	d > 860 * 860
	d < 900 * 900
	commute := risk.distance_sq_km({"lat": 52.4, "lon": 13.1}, home)
	commute > 20 * 20
	commute < 30 * 30
	risk.distance_sq_km(home, home) == 0
}

test_untrusted_network_and_outdated_client_add_up if {
	d := risk.decision with input as req("profile.update", {"ip": "203.0.113.50", "client_version": "4.1.9"})
	d.factors == {"untrusted_network": 20, "outdated_client": 15}
	d.score == 35
	d.outcome == "step_up"
}

test_semver_prerelease_is_older if {
	risk.factors.outdated_client == 15 with input as req("profile.read", {"client_version": "4.2.0-rc.1"})
	not risk.factors.outdated_client with input as req("profile.read", {"client_version": "4.2.0"})
}

test_off_hours_in_the_users_time_zone if {
	# 05:30 UTC is 06:30 in Berlin (off hours) but 00:30 in New York would be too.
	early := req("profile.read", {"time": "2026-03-11T05:30:00Z", "last_login": {"time": "2026-03-10T18:00:00Z", "location": home}})
	risk.factors.off_hours == 10 with input as early
	late_enough := req("profile.read", {"time": "2026-03-11T06:30:00Z", "last_login": {"time": "2026-03-10T18:00:00Z", "location": home}})
	not risk.factors.off_hours with input as late_enough
}

test_failed_logins_capped if {
	risk.factors.failed_logins == 15 with input as req("profile.read", {"failed_logins": 3})
	risk.factors.failed_logins == 30 with input as req("profile.read", {"failed_logins": 50})
}

test_score_capped_at_100 if {
	inp := req("admin.users", {"device_id": "x", "ip": "198.51.100.1", "failed_logins": 4})
	risk.decision.score == 100 with input as inp
	risk.decision.outcome == "deny" with input as inp
}

test_unknown_operation_is_denied_by_default if {
	risk.decision == {"outcome": "deny", "score": 100, "factors": {}} with input as req("nuclear.launch", {})
}

test_explanation_largest_first if {
	inp := req("profile.update", {"ip": "203.0.113.50", "client_version": "4.1.9", "device_id": "dev-7"})
	risk.explanation == ["new_device (+25)", "untrusted_network (+20)", "outdated_client (+15)"] with input as inp
}

test_thresholds_from_mocked_data if {
	inp := req("profile.update", {"ip": "203.0.113.50"})
	risk.decision.outcome == "allow" with input as inp
	risk.decision.outcome == "deny" with input as inp with data.risk_config.thresholds as {"step_up": 5, "deny": 10}
}

test_weights_via_mocked_signal_rule if {
	risk.decision.outcome == "deny" with input as req("payments.transfer", {}) with risk.signals as {"impossible_travel"}
}
