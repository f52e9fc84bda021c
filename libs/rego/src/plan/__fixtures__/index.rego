# entrypoints: authz/allow
# rule-index-min: 3
package authz

allow if {
	input.role == "admin"
}

allow if {
	input.role == "dev"
	input.action == "read"
}

allow if {
	input.role == "dev"
	input.action == "write"
	input.owner == true
}

allow if {
	"ops" == input.role
	input.action = "restart"
}

allow if {
	input.emergency
}
