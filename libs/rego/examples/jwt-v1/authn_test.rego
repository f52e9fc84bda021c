package jwt.authn_test

import rego.v1

import data.fixtures.tokens
import data.jwt.authn

req(method, token) := {"method": method, "path": "/tenants/t1/orders/17", "headers": {"authorization": concat(" ", ["Bearer", token])}}

test_valid_rs256_token_reads_and_writes if {
	authn.allow with input as req("GET", tokens.alice)
	authn.allow with input as req("POST", tokens.alice)
	authn.claims.sub == "alice" with input as req("GET", tokens.alice)
}

test_scheme_is_case_insensitive if {
	inp := {"method": "GET", "path": "/tenants/t1/orders", "headers": {"authorization": concat(" ", ["bearer", tokens.alice])}}
	authn.allow with input as inp
}

test_rotated_key_with_read_scope if {
	authn.allow with input as req("GET", tokens.alice_rotated_key)
	not authn.allow with input as req("DELETE", tokens.alice_rotated_key)
	authn.reason == "scope orders:write required" with input as req("DELETE", tokens.alice_rotated_key)
	authn.status == 403 with input as req("DELETE", tokens.alice_rotated_key)
}

test_es256_token_with_audience_list if {
	authn.allow with input as req("GET", tokens.alice_es256)
}

test_other_tenant_forbidden if {
	not authn.allow with input as req("GET", tokens.bob_reader_other_tenant)
	authn.reason == "tenant not allowed" with input as req("GET", tokens.bob_reader_other_tenant)
}

test_admin_role_crosses_tenants if {
	authn.allow with input as req("POST", tokens.admin)
}

test_expired_token if {
	not authn.allow with input as req("GET", tokens.expired)
	authn.reason == "invalid token" with input as req("GET", tokens.expired)
	authn.status == 401 with input as req("GET", tokens.expired)
}

test_not_yet_valid_token if {
	not authn.authenticated with input as req("GET", tokens.not_yet_valid)
}

test_wrong_issuer_and_audience if {
	not authn.authenticated with input as req("GET", tokens.wrong_issuer)
	not authn.authenticated with input as req("GET", tokens.wrong_audience)
}

test_unpublished_key if {
	not authn.allow with input as req("GET", tokens.unknown_key)
	authn.reason == "no published key k3 for RS256" with input as req("GET", tokens.unknown_key)
}

test_kid_of_another_key if {
	not authn.authenticated with input as req("GET", tokens.kid_mismatch)
}

test_tampered_payload if {
	not authn.authenticated with input as req("GET", tokens.tampered)
	# decode alone does not check the signature: the edited claims are readable.
	[_, payload, _] := io.jwt.decode(tokens.tampered)
	payload.sub == "mallory"
}

test_alg_none_rejected if {
	not authn.allow with input as req("GET", tokens.none_alg)
	authn.reason == "unsupported algorithm none" with input as req("GET", tokens.none_alg)
}

test_service_token_reads_any_tenant if {
	inp := object.union(req("GET", tokens.service_billing), {"path": "/tenants/t9/orders"})
	authn.allow with input as inp
	not authn.allow with input as object.union(inp, {"method": "PUT"})
}

test_service_token_with_wrong_secret if {
	not authn.authenticated with input as req("GET", tokens.service_wrong_secret)
}

test_missing_and_malformed_headers if {
	authn.reason == "missing bearer token" with input as {"method": "GET", "path": "/tenants/t1", "headers": {}}
	authn.reason == "missing bearer token" with input as {"method": "GET", "path": "/tenants/t1", "headers": {"authorization": "Basic dXNlcjpwYXNz"}}
	authn.reason == "malformed token" with input as {"method": "GET", "path": "/tenants/t1", "headers": {"authorization": "Bearer not-a-jwt"}}
	authn.status == 401 with input as {"method": "GET", "path": "/tenants/t1", "headers": {}}
}

test_keys_from_mocked_jwks if {
	not authn.authenticated with input as req("GET", tokens.alice) with data.jwks.keys as []
}

test_verification_mocked_like_unit_tests_do if {
	fake := [true, {"alg": "RS256"}, {"sub": "test", "tenant": "t1", "scope": "orders:write"}]
	authn.allow with input as req("POST", tokens.expired) with io.jwt.decode_verify as fake
}

test_verification_mocked_with_a_function if {
	authn.allow with input as req("GET", tokens.wrong_issuer) with io.jwt.decode_verify as lenient_verify
}

lenient_verify(token, _) := [true, h, p] if [h, p, _] := io.jwt.decode(token)

test_decode_parts if {
	[h, p, sig] := io.jwt.decode(tokens.alice)
	h == {"alg": "RS256", "typ": "JWT", "kid": "k1"}
	p.aud == "orders-api"
	p.exp == 4102444800
	is_string(sig)
}

test_direct_verification_builtins if {
	io.jwt.verify_rs256(tokens.alice, data.fixtures.k1_pem)
	not io.jwt.verify_rs256(tokens.alice_rotated_key, data.fixtures.k1_pem)
	io.jwt.verify_rs256(tokens.alice, json.marshal(data.jwks))
	io.jwt.verify_es256(tokens.alice_es256, json.marshal(data.jwks))
	io.jwt.verify_hs256(tokens.service_billing, data.secrets.internal)
	not io.jwt.verify_hs256(tokens.service_wrong_secret, data.secrets.internal)
}

test_decode_verify_time_constraint if {
	# One second before and after the expired token's exp (2020-01-01T01:00:00Z).
	[true, _, _] = io.jwt.decode_verify(tokens.expired, {"cert": data.fixtures.k1_pem, "aud": "orders-api", "time": 1577840399000000000})
	[false, _, _] = io.jwt.decode_verify(tokens.expired, {"cert": data.fixtures.k1_pem, "aud": "orders-api", "time": 1577840401000000000})
	# A token with an aud claim needs an aud constraint.
	[false, _, _] = io.jwt.decode_verify(tokens.expired, {"cert": data.fixtures.k1_pem, "time": 1577840399000000000})
}

test_sign_and_verify_round_trip if {
	jwk := {"kty": "oct", "k": base64url.encode_no_pad("round-trip-secret")}
	token := io.jwt.encode_sign({"typ": "JWT", "alg": "HS256"}, {"iss": "internal", "aud": "orders-api", "sub": "svc:test", "scope": "orders:read"}, jwk)
	[valid, _, claims] := io.jwt.decode_verify(token, {"secret": "round-trip-secret", "iss": "internal", "aud": "orders-api"})
	valid
	claims.sub == "svc:test"
	authn.allow with input as req("GET", token) with data.secrets.internal as "round-trip-secret"
}
