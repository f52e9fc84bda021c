# Envoy external authorization (ext_authz): decides each HTTP request Envoy forwards, from
# the route table in data.gateway.routes (method + path glob → who may call it), a JWT in the
# Authorization header, the caller's address, and whether the path names the caller's own
# resources. The decision is the object form Envoy's OPA plugin accepts: allowed, status,
# headers to add upstream, and a body for denials.
package envoy.authz

import rego.v1

import input.attributes.request.http

default decision := {"allowed": false, "http_status": 403, "body": "forbidden"}

decision := {"allowed": true, "headers": upstream_headers} if allow

decision := {"allowed": false, "http_status": 401, "body": "authentication required", "headers": {"www-authenticate": "Bearer realm=\"api\""}} if {
	not allow
	not route.public
	not user
}

# Routes that match the request; the most specific (longest pattern) wins.
matching_routes contains r if {
	some r in data.gateway.routes
	http.method in r.methods
	glob.match(r.path, ["/"], request_path)
}

route := r if {
	longest := max({count(r.path) | some r in matching_routes})
	some r in matching_routes
	count(r.path) == longest
}

# The path without its query string and trailing slash.
request_path := p if {
	[p, _] := split(http.path, "?")
} else := p if {
	p := trim_suffix(http.path, "/")
	p != ""
} else := "/"

query := urlquery.decode_object(q) if {
	[_, q] := split(http.path, "?")
} else := {}

bearer := t if {
	v := http.headers.authorization
	startswith(lower(v), "bearer ")
	t := substring(v, 7, -1)
}

user := claims if {
	[valid, _, claims] := io.jwt.decode_verify(bearer, {"secret": data.gateway.secret, "iss": "https://id.corp.example", "alg": "HS256"})
	valid
}

client_ip := input.attributes.source.address.socketAddress.address

allow if route.public == true

allow if {
	user
	some role in user.roles
	role in route.roles
	network_ok
	owner_ok
}

network_ok if not route.networks

network_ok if {
	some cidr in route.networks
	net.cidr_contains(cidr, client_ip)
}

owner_ok if not route.owner_only

# /api/v1/orders/<id>/...: the order must be one of the caller's.
owner_ok if {
	route.owner_only
	parts := split(request_path, "/")
	parts[4] in user.orders
}

upstream_headers["x-user-id"] := user.sub

upstream_headers["x-user-roles"] := concat(",", sort(user.roles)) if user.roles

upstream_headers["x-route"] := route.name

upstream_headers["x-debug"] := "1" if query.debug == ["true"]
