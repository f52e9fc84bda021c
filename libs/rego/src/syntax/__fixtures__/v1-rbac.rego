package rbac

import data.rbac.bindings

default allow := false

# Allow if the user has a role granting the action on the resource type.
allow if {
	some role in user_roles
	some grant in data.rbac.roles[role].grants
	grant.action == input.action
	glob.match(grant.resource, ["/"], input.resource)
}

user_roles contains role if {
	some binding in bindings
	binding.user == input.user
	some role in binding.roles
}

reasons[input.action] := msg if {
	not allow
	msg := sprintf("%s may not %s %s", [input.user, input.action, input.resource])
}
