package envoy.people

# 2026-01-15T10:00:00Z
now_ns := 1768471200000000000

make_token(claims) = t {
	payload := object.union({"nbf": 1767225600, "exp": 1769904000, "tenant": "acme"}, claims)
	t := io.jwt.encode_sign_raw(`{"typ":"JWT","alg":"HS256"}`, json.marshal(payload), json.marshal({"kty": "oct", "k": base64url.encode_no_pad(secret)}))
}

req(method, path, tok) = {"attributes": {"request": {"http": {
	"method": method,
	"path": path,
	"headers": {"authorization": concat(" ", ["Bearer", tok]), "x-tenant": "acme"},
}}}}

reader := make_token({"sub": "rita", "roles": ["reader"], "person_id": "17"})

writer := make_token({"sub": "will", "roles": ["reader", "writer"], "person_id": "18"})

admin := make_token({"sub": "ada", "roles": ["admin"], "person_id": "1"})

test_list_and_get {
	allow with input as req("GET", "/people", reader) with time.now_ns as now_ns
	allow with input as req("GET", "/people/42", reader) with time.now_ns as now_ns
}

test_get_needs_numeric_id {
	not allow with input as req("GET", "/people/42/secrets", reader) with time.now_ns as now_ns
	not allow with input as req("GET", "/people/abc", reader) with time.now_ns as now_ns
}

test_token_time_window {
	not allow with input as req("GET", "/people", reader) with time.now_ns as 1767225599000000000
	allow with input as req("GET", "/people", reader) with time.now_ns as 1767225600000000000
	allow with input as req("GET", "/people", reader) with time.now_ns as 1769903999000000000
	not allow with input as req("GET", "/people", reader) with time.now_ns as 1769904000000000000
}

# 1769903999999999999 / 1000000000 is 1769903999.999999999 (OPA divides with a 64-bit mantissa;
# a float64 quotient would round to exp itself and refuse the last nanosecond, BUGS.md #2).
test_token_valid_until_the_last_nanosecond {
	allow with input as req("GET", "/people", reader) with time.now_ns as 1769903999999999999
}

test_writer_creates_in_own_tenant {
	inp := object.union(req("POST", "/people", writer), {"parsed_body": {"name": "Zed", "tenant": "acme"}})
	allow with input as inp with time.now_ns as now_ns
	not allow with input as object.union(inp, {"parsed_body": {"tenant": "globex"}}) with time.now_ns as now_ns
	not allow with input as object.union(req("POST", "/people", reader), {"parsed_body": {"tenant": "acme"}}) with time.now_ns as now_ns
}

test_only_admin_deletes {
	allow with input as req("DELETE", "/people/42", admin) with time.now_ns as now_ns
	not allow with input as req("DELETE", "/people/42", writer) with time.now_ns as now_ns
}

test_self_service_edit {
	allow with input as req("PATCH", "/people/17", reader) with time.now_ns as now_ns
	not allow with input as req("PATCH", "/people/18", reader) with time.now_ns as now_ns
}

test_tenant_header_must_match_token {
	inp := json.patch(req("GET", "/people", reader), [{"op": "replace", "path": "/attributes/request/http/headers/x-tenant", "value": "globex"}])
	not allow with input as inp with time.now_ns as now_ns
}

test_bad_signature {
	forged := io.jwt.encode_sign_raw(`{"typ":"JWT","alg":"HS256"}`, `{"sub":"eve","roles":["admin"],"tenant":"acme","nbf":0,"exp":9999999999}`, `{"kty":"oct","k":"Z3Vlc3M"}`)
	not allow with input as req("DELETE", "/people/1", forged) with time.now_ns as now_ns
	token.payload.sub == "eve" with input as req("DELETE", "/people/1", forged)
	not token.signed with input as req("DELETE", "/people/1", forged)
}

test_scheme_and_header_shape {
	inp := json.patch(req("GET", "/people", reader), [{"op": "replace", "path": "/attributes/request/http/headers/authorization", "value": concat(" ", ["Token", reader])}])
	not allow with input as inp with time.now_ns as now_ns
	not allow with input as {"attributes": {"request": {"http": {"method": "GET", "path": "/people", "headers": {}}}}} with time.now_ns as now_ns
}

test_secret_rotation_by_mocking {
	rotated := io.jwt.encode_sign({"typ": "JWT", "alg": "HS256"}, {"sub": "rita", "roles": ["reader"], "tenant": "acme", "nbf": 0, "exp": 9999999999}, {"kty": "oct", "k": base64url.encode_no_pad("next-secret")})
	not allow with input as req("GET", "/people", rotated) with time.now_ns as now_ns
	allow with input as req("GET", "/people", rotated) with time.now_ns as now_ns with secret as "next-secret"
}
