package orders.authz

manager := {"id": "mia", "tenant": "t1", "region": "eu", "roles": ["manager"]}

clerk := {"id": "carl", "tenant": "t1", "region": "eu", "roles": ["clerk"]}

order := {"id": "o-17", "state": "pending", "created_by": "carl", "region": "eu", "amount": 120000}

get(user, o) = {"method": "GET", "path": ["tenants", "t1", "orders", o.id], "user": user, "order": o}

post(user, o, verb) = {"method": "POST", "path": ["tenants", "t1", "orders", o.id, verb], "user": user, "order": o, "now": "2026-05-20T12:00:00Z"}

test_creator_reads_own_order {
	allow with input as get(clerk, order)
}

test_clerk_cannot_read_others_orders {
	not allow with input as get(clerk, json.patch(order, [{"op": "replace", "path": "/created_by", "value": "zoe"}]))
}

test_manager_reads_region {
	allow with input as get(manager, order)
	not allow with input as get(manager, object.union(order, {"region": "us"}))
}

test_other_tenant_denied_with_reason {
	inp := object.union(get(manager, order), {"path": ["tenants", "t2", "orders", "o-17"]})
	not allow with input as inp
	reasons == {"user mia of tenant t1 may not act on tenant t2"} with input as inp
}

test_manager_approves_within_limit {
	allow with input as post(manager, order, "approve")
}

test_approval_limit_exceeded {
	big := object.union(order, {"amount": 500001})
	not allow with input as post(manager, big, "approve")
	reasons == {"amount 500001 exceeds the approval limit 500000"} with input as post(manager, big, "approve")
}

test_highest_role_limit_counts {
	both := object.union(manager, {"roles": ["clerk", "director", "manager"]})
	max_approval == 5000000 with input as post(both, order, "approve")
	allow with input as post(both, object.union(order, {"amount": 4999999}), "approve")
}

test_no_known_role_has_no_limit {
	max_approval == -1 with input as post(object.union(manager, {"roles": ["intern"]}), order, "approve")
}

test_no_self_approval {
	self := object.union(manager, {"id": "carl"})
	not allow with input as post(self, order, "approve")
	reasons["orders cannot be approved by their creator"] with input as post(self, order, "approve")
}

test_only_pending_orders_approved {
	not allow with input as post(manager, object.union(order, {"state": "approved"}), "approve")
}

test_path_id_must_match_order {
	inp := object.union(post(manager, order, "approve"), {"path": ["tenants", "t1", "orders", "o-99", "approve"]})
	not allow with input as inp
}

test_refund_within_thirty_days {
	delivered := object.union(order, {"state": "delivered", "delivered_at": "2026-04-25T12:00:00Z"})
	days_since_delivery == 25 with input as post(manager, delivered, "refund")
	allow with input as post(manager, delivered, "refund")
	late := object.union(delivered, {"delivered_at": "2026-04-20T12:00:00Z"})
	not allow with input as post(manager, late, "refund")
}

test_director_refunds_any_time {
	director := object.union(manager, {"roles": ["director"]})
	old := object.union(order, {"state": "delivered", "delivered_at": "2025-01-01T00:00:00Z", "amount": 9000000})
	allow with input as post(director, old, "refund")
}

test_refund_uses_the_clock_without_now {
	delivered := object.union(order, {"state": "delivered", "delivered_at": "2026-04-25T12:00:00Z"})
	inp := object.remove(post(manager, delivered, "refund"), ["now"])
	allow with input as inp with time.now_ns as 1779278400000000000
	not allow with input as inp with time.now_ns as 1790000000000000000
}

test_unknown_method_denied {
	not allow with input as object.union(get(manager, order), {"method": "DELETE"})
}
