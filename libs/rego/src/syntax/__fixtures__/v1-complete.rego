package authz.complete

default allow := false

allow if {
	input.user.role == "admin"
}

allow if input.user.name == "root"

is_get := input.method == "GET"

answer = 42

greeting := "hello" if {
	input.lang == "en"
}

flags := {"a": true, "b": false}
