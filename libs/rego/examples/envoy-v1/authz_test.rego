package envoy.authz_test

import rego.v1

import data.envoy.authz

key := {"kty": "oct", "k": base64url.encode_no_pad(data.gateway.secret)}

token(claims) := io.jwt.encode_sign({"typ": "JWT", "alg": "HS256"}, object.union({"iss": "https://id.corp.example", "exp": 4102444800}, claims), key)

customer := token({"sub": "c-42", "roles": ["customer"], "orders": ["o-1", "o-2"]})

support := token({"sub": "s-7", "roles": ["support"]})

admin := token({"sub": "a-1", "roles": ["admin"]})

request(method, path, headers) := {"attributes": {
	"source": {"address": {"socketAddress": {"address": "203.0.113.9", "portValue": 51234}}},
	"request": {"http": {"method": method, "path": path, "host": "shop.example.com", "headers": headers}},
}}

call_as(method, path, t) := request(method, path, {"authorization": concat(" ", ["Bearer", t])})

from(inp, ip) := object.union(inp, {"attributes": {"source": {"address": {"socketAddress": {"address": ip}}}}})

test_public_routes_need_no_token if {
	authz.decision.allowed with input as request("GET", "/healthz", {})
	authz.decision.allowed with input as request("HEAD", "/api/v1/products/shoes/42", {})
	authz.route.name == "catalog" with input as request("GET", "/api/v1/products/shoes/42?color=red", {})
}

test_public_route_method_restricted if {
	# No route takes POST here: without a token that is a 401, with one a 403.
	authz.decision.http_status == 401 with input as request("POST", "/api/v1/products/new", {})
	d := authz.decision with input as call_as("POST", "/api/v1/products/new", customer)
	d == {"allowed": false, "http_status": 403, "body": "forbidden"}
}

test_missing_token_is_401 if {
	d := authz.decision with input as request("GET", "/api/v1/orders/o-1", {})
	d.http_status == 401
	d.headers["www-authenticate"] == "Bearer realm=\"api\""
}

test_customer_reads_orders_with_identity_headers if {
	d := authz.decision with input as call_as("GET", "/api/v1/orders/o-9", customer)
	d == {"allowed": true, "headers": {"x-user-id": "c-42", "x-user-roles": "customer", "x-route": "orders-read"}}
}

test_customer_writes_only_own_orders if {
	authz.decision.allowed with input as call_as("PATCH", "/api/v1/orders/o-2", customer)
	not authz.decision.allowed with input as call_as("PATCH", "/api/v1/orders/o-3", customer)
	authz.decision.http_status == 403 with input as call_as("PATCH", "/api/v1/orders/o-3", customer)
}

test_support_reads_but_cannot_write if {
	authz.decision.allowed with input as call_as("GET", "/api/v1/orders/o-3", support)
	not authz.decision.allowed with input as call_as("PUT", "/api/v1/orders/o-3", support)
}

test_most_specific_route_wins if {
	authz.route.name == "order-items" with input as call_as("GET", "/api/v1/orders/o-1/items/3", customer)
	authz.decision.allowed with input as call_as("GET", "/api/v1/orders/o-1/items/3", customer)
	not authz.decision.allowed with input as call_as("GET", "/api/v1/orders/o-3/items/3", customer)
	not authz.decision.allowed with input as call_as("GET", "/api/v1/orders/o-1/items/3", support)
}

test_single_star_does_not_cross_segments if {
	not authz.route with input as call_as("GET", "/api/v1/orders/o-1/invoice", customer)
	not authz.decision.allowed with input as call_as("GET", "/api/v1/orders/o-1/invoice", customer)
}

test_trailing_slash_and_query_ignored if {
	authz.request_path == "/api/v1/orders/o-1" with input as call_as("GET", "/api/v1/orders/o-1/", customer)
	authz.request_path == "/api/v1/orders/o-1" with input as call_as("GET", "/api/v1/orders/o-1?expand=items", customer)
	authz.request_path == "/" with input as request("GET", "/", {})
}

test_debug_header_from_query if {
	d := authz.decision with input as call_as("GET", "/api/v1/orders/o-1?debug=true&x=1", customer)
	d.headers["x-debug"] == "1"
	authz.query == {"debug": ["true"], "x": ["1"]} with input as call_as("GET", "/api/v1/orders/o-1?debug=true&x=1", customer)
}

test_admin_only_from_internal_networks if {
	not authz.decision.allowed with input as call_as("DELETE", "/admin/users/7", admin)
	authz.decision.allowed with input as from(call_as("DELETE", "/admin/users/7", admin), "10.3.2.1")
	authz.decision.allowed with input as from(call_as("GET", "/admin/dashboard", admin), "fd00::17")
	# "/admin/**" needs a segment after "/admin" (a trailing slash is trimmed first).
	not authz.route with input as from(call_as("GET", "/admin/", admin), "fd00::17")
	not authz.decision.allowed with input as from(call_as("DELETE", "/admin/users/7", customer), "10.3.2.1")
}

test_forged_and_expired_tokens if {
	forged := io.jwt.encode_sign({"typ": "JWT", "alg": "HS256"}, {"iss": "https://id.corp.example", "sub": "x", "roles": ["admin"]}, {"kty": "oct", "k": base64url.encode_no_pad("guessed")})
	authz.decision.http_status == 401 with input as call_as("GET", "/api/v1/orders/o-1", forged)
	expired := token({"sub": "c-42", "roles": ["customer"], "exp": 1600000000})
	authz.decision.http_status == 401 with input as call_as("GET", "/api/v1/orders/o-1", expired)
	wrong_issuer := token({"iss": "https://other.example", "sub": "c-42", "roles": ["customer"]})
	not authz.user with input as call_as("GET", "/api/v1/orders/o-1", wrong_issuer)
}

test_basic_auth_is_not_a_bearer_token if {
	authz.decision.http_status == 401 with input as request("GET", "/api/v1/orders/o-1", {"authorization": "Basic YTpi"})
}

test_routes_from_mocked_data if {
	routes := [{"name": "all", "methods": ["GET"], "path": "/**", "public": true}]
	authz.decision.allowed with input as request("GET", "/anything/at/all", {}) with data.gateway.routes as routes
}
