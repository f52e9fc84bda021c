# Risk-aware authorization: each request is scored from live signals (device, network, travel
# speed between logins, client version, time of day, failed logins), weighted by how sensitive
# the operation is, and the decision is allow, step up (ask for MFA) or deny. The signals come
# with the request (`input.signals`) from the agent's risk engine.
package risk

import rego.v1

cfg := data.risk_config

default decision := {"outcome": "deny", "score": 100, "factors": {}}

decision := {"outcome": outcome, "score": score, "factors": factors} if {
	known_operation
	outcome := outcome_for(score)
}

known_operation if cfg.sensitivity[input.operation]

# Factors: name → points. A ref head with a variable key, one body per factor.
factors[name] := cfg.weights[name] if some name in signals

factors.failed_logins := points if {
	n := object.get(input.signals, "failed_logins", 0)
	n > 0
	points := min([n * cfg.weights.failed_logins, 30])
}

signals contains "new_device" if not input.signals.device_id in object.get(input.user, "known_devices", [])

signals contains "untrusted_network" if not corporate_network

signals contains "impossible_travel" if impossible_travel

signals contains "outdated_client" if semver.compare(input.signals.client_version, cfg.min_client_version) < 0

signals contains "off_hours" if hour_local < 7

corporate_network if {
	some cidr in cfg.corporate_networks
	net.cidr_contains(cidr, input.signals.ip)
}

# Faster than a plane between the last login and this one. Squared distances are compared, so no
# square root is needed.
impossible_travel if {
	elapsed := time.parse_rfc3339_ns(input.signals.time) - time.parse_rfc3339_ns(input.signals.last_login.time)
	hours := max([elapsed / 3600000000000, 0.01])
	limit := cfg.max_speed_kmh * hours
	distance_sq_km(input.signals.last_login.location, input.signals.location) > limit * limit
}

# Equirectangular approximation (km²): accurate enough to tell a commute from a flight.
distance_sq_km(a, b) := (6371 * 6371) * ((dx * dx) + (dy * dy)) if {
	rad := 3.141592653589793 / 180
	dx := ((b.lon - a.lon) * rad) * cos_approx(((a.lat + b.lat) / 2) * rad)
	dy := (b.lat - a.lat) * rad
}

# cos by its Taylor series to the 8th power, for |t| ≤ π/2 (latitudes).
cos_approx(t) := (((1 - (t2 / 2)) + ((t2 * t2) / 24)) - (((t2 * t2) * t2) / 720)) + ((((t2 * t2) * t2) * t2) / 40320) if t2 := t * t

hour_local := h if {
	[h, _, _] := time.clock([time.parse_rfc3339_ns(input.signals.time), object.get(input.user, "tz", "UTC")])
}

raw_score := sum([p | some p in factors])

score := min([round(raw_score * cfg.sensitivity[input.operation]), 100])

outcome_for(s) := "deny" if s >= cfg.thresholds.deny

else := "step_up" if {
	s >= cfg.thresholds.step_up
	not input.signals.mfa_passed
}

else := "allow"

# Explanations, largest factor first.
explanation := [sprintf("%s (+%d)", [name, points]) | some [points, name] in ordered]

ordered := array.reverse(sort([[points, name] | some name, points in factors]))
