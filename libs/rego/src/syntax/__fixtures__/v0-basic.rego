# rego: v0
package legacy

allow {
	input.user == "admin"
}

deny[msg] {
	not allow
	msg := "denied"
}

roles[name] = perms {
	perms := data.roles[name]
}

double(x) = y {
	y := x * 2
}

is_admin(u) {
	u.role == "admin"
}

limit = 10

p.q {
	true
}
