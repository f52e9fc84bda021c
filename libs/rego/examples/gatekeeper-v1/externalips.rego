# Services may only use external IPs inside the allowed CIDR ranges, and LoadBalancer source
# ranges must not open the service to the whole internet.
# parameters: {"allowedCIDRs": [string]}
package k8sexternalips

import rego.v1

violation contains {"msg": msg} if {
	input.review.kind.kind == "Service"
	some ip in input.review.object.spec.externalIPs
	not allowed_ip(ip)
	msg := sprintf("service has a disallowed external IP %s; allowed ranges: %s", [ip, concat(", ", input.parameters.allowedCIDRs)])
}

violation contains {"msg": msg} if {
	input.review.kind.kind == "Service"
	some range in input.review.object.spec.loadBalancerSourceRanges
	world_open(range)
	msg := sprintf("loadBalancerSourceRanges must not include %s", [range])
}

allowed_ip(ip) if {
	some cidr in input.parameters.allowedCIDRs
	net.cidr_contains(cidr, ip)
}

# A range that holds the whole address space of its family, however it is spelled ("0.0.0.0/0",
# "0.0.0.0/00", "::/0").
world_open(range) if net.cidr_contains(range, "0.0.0.0/0")

world_open(range) if net.cidr_contains(range, "::/0")
