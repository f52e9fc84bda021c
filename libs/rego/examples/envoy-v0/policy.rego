# Envoy ext_authz for a "people" directory service, in Rego v0 as many Envoy deployments still
# have it: the HTTP request imported under an alias, a boolean `allow`, an HS256 bearer token
# checked by hand (signature, then nbf/exp against the clock), and per-method path rules.
package envoy.people

import input.attributes.request.http as http_request
import input.parsed_body

default allow = false

secret := "people-service-hs256-secret"

allow {
	is_token_valid
	tenant_matches
	action_allowed
}

token = {"header": header, "payload": payload, "signed": signed} {
	[scheme, encoded] := split(http_request.headers.authorization, " ")
	scheme == "Bearer"
	[header, payload, _] := io.jwt.decode(encoded)
	signed := io.jwt.verify_hs256(encoded, secret)
}

is_token_valid {
	token.signed
	now := time.now_ns() / 1000000000
	token.payload.nbf <= now
	now < token.payload.exp
}

# Requests carry the tenant twice, in a header and in the token; they must agree.
tenant_matches {
	http_request.headers["x-tenant"] == token.payload.tenant
}

action_allowed {
	http_request.method == "GET"
	glob.match("/people", [], http_request.path)
}

action_allowed {
	http_request.method == "GET"
	re_match(`^/people/[0-9]+$`, http_request.path)
}

action_allowed {
	http_request.method == "POST"
	http_request.path == "/people"
	role := token.payload.roles[_]
	role == "writer"
	parsed_body.tenant == token.payload.tenant
}

action_allowed {
	http_request.method == "DELETE"
	re_match(`^/people/[0-9]+$`, http_request.path)
	token.payload.roles[_] == "admin"
}

# People may always edit their own entry.
action_allowed {
	http_request.method == "PATCH"
	path := split(trim_left(http_request.path, "/"), "/")
	path == ["people", token.payload.person_id]
}
