# ABAC for an orders microservice, Rego v0 syntax: who may read, approve and refund orders,
# by tenant, ownership, approval limits and order state.
#
# input: {"method": "GET", "path": ["tenants", t, "orders", id], "user": {...}, "order": {...}, "now": "<RFC 3339>"}
package orders.authz

import future.keywords.in

default allow = false

# Approval limits per role, in the order's currency minor units.
approval_limit = {"clerk": 0, "manager": 500000, "director": 5000000}

allow {
	input.method == "GET"
	input.path = ["tenants", tenant, "orders", _]
	tenant == input.user.tenant
	can_see_order
}

allow {
	input.method == "POST"
	input.path = ["tenants", tenant, "orders", id, "approve"]
	tenant == input.user.tenant
	id == input.order.id
	input.order.state == "pending"
	input.order.created_by != input.user.id
	input.order.amount <= max_approval
}

allow {
	input.method == "POST"
	input.path = ["tenants", tenant, "orders", _, "refund"]
	tenant == input.user.tenant
	refundable
}

can_see_order {
	input.order.created_by == input.user.id
}

can_see_order {
	input.user.region == input.order.region
	some role in input.user.roles
	role in {"manager", "director", "auditor"}
}

max_approval = m {
	limits := [limit | role := input.user.roles[_]; limit := approval_limit[role]]
	count(limits) > 0
	m := max(limits)
} else = -1 {
	true
}

refundable {
	input.order.state == "delivered"
	"director" in input.user.roles
}

refundable {
	input.order.state == "delivered"
	days_since_delivery < 30
	input.order.amount <= max_approval
}

days_since_delivery = d {
	delivered := time.parse_rfc3339_ns(input.order.delivered_at)
	d := (request_time - delivered) / (24 * 60 * 60 * 1000000000)
}

request_time = t {
	t := time.parse_rfc3339_ns(input.now)
} else = t {
	t := time.now_ns()
}

# Reasons for a denial, for the service's audit log.
reasons[msg] {
	not allow
	input.user.tenant != input.path[1]
	msg := sprintf("user %v of tenant %v may not act on tenant %v", [input.user.id, input.user.tenant, input.path[1]])
}

reasons[msg] {
	not allow
	input.path[4] == "approve"
	input.order.created_by == input.user.id
	msg := "orders cannot be approved by their creator"
}

reasons[msg] {
	not allow
	input.path[4] in {"approve", "refund"}
	input.order.amount > max_approval
	msg := sprintf("amount %v exceeds the approval limit %v", [input.order.amount, max_approval])
}
