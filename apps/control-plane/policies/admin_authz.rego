# Who may do what on the control plane's admin API. The control plane compiles this
# policy with its own Rego compiler and asks it about every request (we use what we sell).
#
# input.principal.scopes: the API key's scopes (admin, author, viewer, agent-registrar)
# input.action:           the endpoint's permission, e.g. "policies.write"
# data.permissions:       scope -> actions it grants ("*" grants every action);
#                         shipped beside this file as admin_permissions.json
package vigil.admin

default allow := false

allow if {
	some scope in input.principal.scopes
	"*" in data.permissions[scope]
}

allow if {
	some scope in input.principal.scopes
	input.action in data.permissions[scope]
}

# Why a request was refused, for the 403 body.
reason := "no scope of this API key grants the action" if not allow
