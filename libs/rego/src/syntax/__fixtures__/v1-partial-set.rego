package authz.sets

deny contains msg if {
	some user in input.users
	not user.active
	msg := sprintf("user %s inactive", [user.name])
}

deny contains "no user" if not input.users

names contains name if name := input.users[_].name

fixed contains "a"

fixed contains "b"

a.b.c contains x if x := 1
