# Role-based access control in Rego v1: users → roles → permissions from data,
# with role inheritance and tenant-scoped bindings.
package rbac

import rego.v1

default allow := false

# A subject's roles: direct bindings for the request's tenant plus global ones.
user_roles contains role if {
	some binding in data.rbac.bindings[input.subject]
	binding.tenant in {"*", input.tenant}
	role := binding.role
}

# Roles reachable through inheritance (admin inherits editor inherits viewer).
effective_roles := graph.reachable(data.rbac.inherits, user_roles)

allow if {
	some role in effective_roles
	some perm in data.rbac.roles[role]
	perm.action in {input.action, "*"}
	glob.match(perm.resource, ["/"], input.resource)
}

reasons contains sprintf("role %s grants %s on %s", [role, input.action, input.resource]) if {
	some role in effective_roles
	some perm in data.rbac.roles[role]
	perm.action in {input.action, "*"}
	glob.match(perm.resource, ["/"], input.resource)
}
