# Bearer-token authentication and scope checks for an orders API, the way an API gateway or a
# service middleware does it: user tokens are RS256/ES256 JWTs verified against the identity
# provider's JWKS (key picked by `kid`), service tokens are HS256 with a shared secret.
#
# input: {"method": "GET", "path": "/tenants/t1/orders/17", "headers": {"authorization": "Bearer <jwt>"}}
# data.jwks: the identity provider's published keys; data.secrets.internal: the HS256 secret.
package jwt.authn

import rego.v1

issuer := "https://id.corp.example"

audience := "orders-api"

default allow := false

bearer := token if {
	[scheme, token] := split(input.headers.authorization, " ")
	lower(scheme) == "bearer"
}

header := io.jwt.decode(bearer)[0]

signing_key := key if {
	some key in data.jwks.keys
	key.kid == header.kid
	key.alg == header.alg
}

# [valid, claims] of the request's token. decode_verify checks the signature, exp, nbf, iss and aud.
verified := [valid, claims] if {
	header.alg in {"RS256", "ES256"}
	constraints := {"cert": json.marshal({"keys": [signing_key]}), "iss": issuer, "aud": audience}
	[valid, _, claims] := io.jwt.decode_verify(bearer, constraints)
}

verified := [valid, claims] if {
	header.alg == "HS256"
	[valid, _, claims] := io.jwt.decode_verify(bearer, {"secret": data.secrets.internal, "iss": "internal", "aud": audience})
}

authenticated if verified[0] == true

claims := verified[1] if authenticated

scopes := {s | some s in split(claims.scope, " ")}

required_scope := "orders:read" if input.method in {"GET", "HEAD"}

else := "orders:write"

path := split(trim(input.path, "/"), "/")

tenant_allowed if claims.tenant == path[1]

tenant_allowed if "admin" in claims.roles

# Service accounts act across tenants, read-only.
tenant_allowed if {
	startswith(claims.sub, "svc:")
	required_scope == "orders:read"
}

allow if {
	path[0] == "tenants"
	authenticated
	required_scope in scopes
	tenant_allowed
}

# Why a request was refused, for the 401/403 response body.
reason := "missing bearer token" if not bearer

else := "malformed token" if not header

else := sprintf("no published key %v for %v", [header.kid, header.alg]) if {
	header.alg in {"RS256", "ES256"}
	not signing_key
}

else := sprintf("unsupported algorithm %v", [header.alg]) if not header.alg in {"RS256", "ES256", "HS256"}

else := "invalid token" if not authenticated

else := sprintf("scope %v required", [required_scope]) if not required_scope in scopes

else := "tenant not allowed" if not allow

status := 200 if allow

else := 401 if not authenticated

else := 403
