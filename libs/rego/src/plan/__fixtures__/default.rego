# entrypoints: test/allow, test/level
package test

default allow := false

allow if input.user == "alice"

# The default value need not be constant.
default level := {"n": 0}

level := {"n": input.n} if input.n > 10
