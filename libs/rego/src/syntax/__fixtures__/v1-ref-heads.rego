package refheads

roles[name] := perms if {
	some name, perms in input.roles
}

by_id[user.id] := user if some user in input.users

a.b[x].c := y if {
	some x, y in {"k": 1}
}

p.q.r := 1

p.q.s if true

p["with-dash"].t := "dash"

q[x] if x := "only key"
