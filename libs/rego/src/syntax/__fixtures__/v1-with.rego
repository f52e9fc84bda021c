package withs

test_allow if {
	allow with input as {"user": "alice"}
}

test_data if {
	allow with input.user as "bob" with data.roles as {"bob": ["admin"]}
}

test_fn if {
	allow with count as mock_count
	allow with time.now_ns as 1
}

test_not if not allow with input as {}

allow if input.user

mock_count(_) := 1
