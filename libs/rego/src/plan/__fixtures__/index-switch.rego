# entrypoints: authz/allow
# rule-index: switch
# rule-index-min: 4
package authz

allow if input.user.role == "a"
allow if input.user.role == "b"
allow if input.user.role == "c"
allow if input.user.role == "d"
allow if input.user.role == 1
allow if {
	input.user.role == "a"
	input.action == "x"
}
