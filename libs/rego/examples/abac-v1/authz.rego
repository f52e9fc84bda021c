# Attribute-based access control for a multi-tenant document service.
#
# input.subject:  {id, tenant, roles, department, clearance, employment, groups, mfa}
# input.action:   read | comment | write | share | delete | admin
# input.resource: {type, id, tenant, owner, classification, department, shared_with, delegations}
# input.context:  {ip, time (RFC 3339, optional: defaults to the clock)}
# data.tenants, data.classification, data.implied_actions: see data.json.
package docs.authz

import rego.v1

default allow := false

# The decision the service logs: allowed or not, and why.
decision := {"allow": allow, "grants": grants, "denials": denials}

allow if {
	count(denials) == 0
	count(grants) > 0
}

tenant := data.tenants[input.subject.tenant]

now := time.parse_rfc3339_ns(input.context.time) if input.context.time

else := time.now_ns()

# Actions the requested one is implied by: asking to read is granted by a grant to write.
# (graph.reachable only walks nodes that are keys of the graph, so data lists leaf actions too.)
granting_actions contains input.action

granting_actions contains a if {
	some a, implied in data.implied_actions
	graph.reachable(data.implied_actions, {a})[input.action]
	a != input.action
}

### Grants: any one suffices.

grants contains "owner" if input.resource.owner == input.subject.id

grants contains sprintf("role %s", [role]) if {
	some role in input.subject.roles
	some action in role_actions[role]
	action in granting_actions
}

grants contains sprintf("shared with %s", [who]) if {
	some share in input.resource.shared_with
	who := share.principal
	principal_matches(who)
	share.action in granting_actions
}

grants contains sprintf("delegated by %s", [d.from]) if {
	some d in input.resource.delegations
	d.to == input.subject.id
	d.action in granting_actions
	now < time.parse_rfc3339_ns(d.expires)
}

role_actions := {
	"tenant-admin": ["admin"],
	"editor": ["write"],
	"reviewer": ["comment"],
	"viewer": ["read"],
}

principal_matches(who) if who == sprintf("user:%s", [input.subject.id])

principal_matches(who) if {
	startswith(who, "group:")
	substring(who, 6, -1) in input.subject.groups
}

principal_matches("tenant:*") := true

### Denials: any one wins over every grant.

denials contains "cross-tenant access" if input.subject.tenant != input.resource.tenant

denials contains "tenant suspended" if tenant.suspended

denials contains "unknown tenant" if not tenant

denials contains sprintf("clearance %s below %s", [input.subject.clearance, input.resource.classification]) if {
	level(input.subject.clearance) < level(input.resource.classification)
}

denials contains "confidential documents stay in their department" if {
	level(input.resource.classification) >= level("confidential")
	input.subject.department != input.resource.department
	input.resource.owner != input.subject.id
}

denials contains "outside business hours" if {
	input.subject.employment == "contractor"
	not within_business_hours
}

denials contains sprintf("network %s not allowed for tenant", [input.context.ip]) if {
	count(tenant.networks) > 0
	not from_tenant_network
}

denials contains "multi-factor authentication required" if {
	input.action in {"delete", "admin", "share"}
	not input.subject.mfa
}

# Unknown labels count as the most restrictive level, so a typo never opens a document.
level(name) := n if {
	n := data.classification[name]
} else := 99

from_tenant_network if {
	some cidr in tenant.networks
	net.cidr_contains(cidr, input.context.ip)
}

within_business_hours if {
	hours := tenant.business_hours
	[hour, _, _] := time.clock([now, hours.tz])
	time.weekday([now, hours.tz]) in hours.days
	hour >= hours.start
	hour < hours.end
}
