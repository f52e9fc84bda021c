package docs.authz_test

import rego.v1

import data.docs.authz

# Wednesday 2026-03-11 15:00 UTC: 11:00 in New York, 16:00 in Berlin.
wednesday_afternoon := "2026-03-11T15:00:00Z"

alice := {"id": "alice", "tenant": "acme", "roles": ["viewer"], "department": "eng", "clearance": "confidential", "employment": "staff", "groups": ["eng-leads"], "mfa": true}

doc := {"type": "document", "id": "d1", "tenant": "acme", "owner": "bob", "classification": "internal", "department": "eng", "shared_with": [], "delegations": []}

request(subject, action, resource) := {
	"subject": subject,
	"action": action,
	"resource": resource,
	"context": {"ip": "10.20.3.4", "time": wednesday_afternoon},
}

test_viewer_reads if {
	authz.allow with input as request(alice, "read", doc)
}

test_viewer_cannot_write if {
	not authz.allow with input as request(alice, "write", doc)
}

test_editor_role_implies_read_and_comment if {
	editor := object.union(alice, {"roles": ["editor"]})
	authz.allow with input as request(editor, "comment", doc)
	authz.grants == {"role editor"} with input as request(editor, "read", doc)
}

test_tenant_admin_reaches_every_action_transitively if {
	admin := object.union(alice, {"roles": ["tenant-admin"]})
	every action in ["read", "comment", "write", "share", "delete", "admin"] {
		authz.allow with input as request(admin, action, doc)
	}
}

test_owner_may_do_anything if {
	authz.allow with input as request(object.union(alice, {"roles": []}), "delete", object.union(doc, {"owner": "alice"}))
}

test_cross_tenant_denied_even_for_owner if {
	d := authz.decision with input as request(alice, "read", object.union(doc, {"tenant": "globex", "owner": "alice"}))
	d.allow == false
	d.grants == {"owner", "role viewer"}
	"cross-tenant access" in d.denials
}

test_suspended_and_unknown_tenants if {
	initech := object.union(alice, {"tenant": "initech"})
	authz.denials["tenant suspended"] with input as request(initech, "read", object.union(doc, {"tenant": "initech"}))
	nobody := object.union(alice, {"tenant": "hooli"})
	authz.denials["unknown tenant"] with input as request(nobody, "read", object.union(doc, {"tenant": "hooli"}))
}

test_clearance_compared_by_level if {
	secret := object.union(doc, {"classification": "secret", "department": "eng"})
	authz.denials == {"clearance confidential below secret"} with input as request(alice, "read", secret)
	authz.allow with input as request(object.union(alice, {"clearance": "secret"}), "read", secret)
}

test_unknown_classification_is_most_restrictive if {
	odd := object.union(doc, {"classification": "top-sekrit"})
	not authz.allow with input as request(object.union(alice, {"clearance": "secret"}), "read", odd)
	authz.level("top-sekrit") == 99
}

test_confidential_stays_in_department if {
	conf := object.union(doc, {"classification": "confidential", "department": "finance"})
	authz.denials == {"confidential documents stay in their department"} with input as request(alice, "read", conf)
	authz.allow with input as request(alice, "read", object.union(conf, {"owner": "alice"}))
}

test_shared_with_user_and_group if {
	shared := object.union(doc, {"shared_with": [{"principal": "user:carol", "action": "comment"}, {"principal": "group:eng-leads", "action": "write"}]})
	carol := object.union(alice, {"id": "carol", "roles": [], "groups": []})
	authz.allow with input as request(carol, "read", shared)
	not authz.allow with input as request(carol, "write", shared)
	authz.grants == {"shared with group:eng-leads"} with input as request(alice, "write", shared)
}

test_shared_with_whole_tenant if {
	shared := object.union(doc, {"shared_with": [{"principal": "tenant:*", "action": "read"}]})
	authz.allow with input as request(object.union(alice, {"roles": []}), "read", shared)
}

test_delegation_until_expiry if {
	delegated := object.union(doc, {"delegations": [{"from": "bob", "to": "alice", "action": "write", "expires": "2026-03-12T00:00:00Z"}]})
	authz.allow with input as request(alice, "write", delegated)
	late := request(alice, "write", delegated)
	not authz.allow with input as object.union(late, {"context": {"time": "2026-03-12T00:00:00Z"}})
}

test_contractor_business_hours_in_tenant_time_zone if {
	contractor := object.union(alice, {"employment": "contractor"})
	authz.allow with input as request(contractor, "read", doc)
	evening := object.union(request(contractor, "read", doc), {"context": {"time": "2026-03-11T23:30:00Z"}})
	authz.denials == {"outside business hours"} with input as evening
}

test_contractor_weekend_denied if {
	contractor := object.union(alice, {"employment": "contractor"})
	saturday := object.union(request(contractor, "read", doc), {"context": {"time": "2026-03-14T15:00:00Z"}})
	not authz.allow with input as saturday
}

test_business_hours_boundary_is_exclusive if {
	berlin := object.union(alice, {"tenant": "globex", "employment": "contractor"})
	gdoc := object.union(doc, {"tenant": "globex"})
	# 18:59 and 19:00 Berlin time (UTC+1 in March before DST).
	authz.allow with input as object.union(request(berlin, "read", gdoc), {"context": {"time": "2026-03-11T17:59:59Z"}})
	not authz.allow with input as object.union(request(berlin, "read", gdoc), {"context": {"time": "2026-03-11T18:00:00Z"}})
}

test_clock_used_when_request_has_no_time if {
	contractor := object.union(alice, {"employment": "contractor"})
	inp := {"subject": contractor, "action": "read", "resource": doc, "context": {"ip": "10.20.0.1"}}
	authz.allow with input as inp with time.now_ns as time.parse_rfc3339_ns(wednesday_afternoon)
	not authz.allow with input as inp with time.now_ns as time.parse_rfc3339_ns("2026-03-11T03:00:00Z")
}

test_network_restrictions if {
	outside := object.union(request(alice, "read", doc), {"context": {"ip": "198.51.100.7"}})
	authz.denials == {"network 198.51.100.7 not allowed for tenant"} with input as outside
	# globex has no network list: any address.
	g := request(object.union(alice, {"tenant": "globex"}), "read", object.union(doc, {"tenant": "globex"}))
	authz.allow with input as object.union(g, {"context": {"ip": "198.51.100.7"}})
}

test_mfa_for_sensitive_actions if {
	admin := object.union(alice, {"roles": ["tenant-admin"], "mfa": false})
	authz.allow with input as request(admin, "write", doc)
	authz.denials == {"multi-factor authentication required"} with input as request(admin, "delete", doc)
}

test_tenant_data_mocked if {
	authz.allow with input as request(alice, "read", doc) with data.tenants.acme.networks as ["10.0.0.0/8"]
	not authz.allow with input as request(alice, "read", doc) with data.tenants.acme.suspended as true
}

test_decision_document if {
	authz.decision == {"allow": true, "grants": {"role viewer"}, "denials": set()} with input as request(alice, "read", doc)
}
