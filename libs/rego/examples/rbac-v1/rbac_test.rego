package rbac_test

import rego.v1

import data.rbac

test_admin_inherits_read if {
	rbac.allow with input as {"subject": "alice", "tenant": "acme", "action": "read", "resource": "/docs/q3/report"}
}

test_admin_scoped_to_tenant if {
	not rbac.allow with input as {"subject": "alice", "tenant": "globex", "action": "read", "resource": "/docs/a"}
}

test_viewer_cannot_write if {
	not rbac.allow with input as {"subject": "bob", "tenant": "acme", "action": "write", "resource": "/docs/a"}
}

test_viewer_reads_any_tenant if {
	rbac.allow with input as {"subject": "bob", "tenant": "initech", "action": "read", "resource": "/docs/a"}
}

test_unknown_subject_denied if {
	not rbac.allow with input as {"subject": "mallory", "tenant": "acme", "action": "read", "resource": "/docs/a"}
}

test_reasons_explain_the_grant if {
	r := rbac.reasons with input as {"subject": "carol", "tenant": "globex", "action": "write", "resource": "/docs/x"}
	r == {"role editor grants write on /docs/x"}
}

test_role_binding_from_data_override if {
	rbac.allow with input as {"subject": "dave", "tenant": "acme", "action": "write", "resource": "/docs/x"}
		with data.rbac.bindings as {"dave": [{"role": "editor", "tenant": "acme"}]}
}
