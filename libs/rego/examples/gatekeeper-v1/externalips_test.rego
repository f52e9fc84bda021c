package k8sexternalips_test

import rego.v1

import data.k8sexternalips.violation

service(spec) := {"review": {"kind": {"kind": "Service"}, "object": {"spec": spec}}, "parameters": {"allowedCIDRs": ["10.0.0.0/8", "192.168.100.0/24", "2001:db8::/32"]}}

test_internal_external_ips_allowed if {
	count(violation) == 0 with input as service({"externalIPs": ["10.1.2.3", "192.168.100.7", "2001:db8::1"]})
}

test_public_ip_denied if {
	violation == {{"msg": "service has a disallowed external IP 8.8.4.4; allowed ranges: 10.0.0.0/8, 192.168.100.0/24, 2001:db8::/32"}} with input as service({"externalIPs": ["10.1.2.3", "8.8.4.4"]})
}

test_neighbouring_subnet_denied if {
	count(violation) == 1 with input as service({"externalIPs": ["192.168.101.1"]})
}

test_ipv6_outside_range_denied if {
	count(violation) == 1 with input as service({"externalIPs": ["2001:db9::1"]})
}

test_world_open_source_ranges if {
	count(violation) == 1 with input as service({"loadBalancerSourceRanges": ["0.0.0.0/0"]})
	count(violation) == 1 with input as service({"loadBalancerSourceRanges": ["::/0", "10.0.0.0/8"]})
	# Two halves are each narrower than the whole space: not caught (a known limit of this check).
	count(violation) == 0 with input as service({"loadBalancerSourceRanges": ["0.0.0.0/1", "128.0.0.0/1"]})
	count(violation) == 0 with input as service({"loadBalancerSourceRanges": ["203.0.113.0/24"]})
}

test_other_kinds_ignored if {
	inp := {"review": {"kind": {"kind": "Pod"}, "object": {"spec": {"externalIPs": ["8.8.8.8"]}}}, "parameters": {"allowedCIDRs": []}}
	count(violation) == 0 with input as inp
}
