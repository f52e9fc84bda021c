package errors.misc

p

"string"

q if { }

r if { not some x in y }

s := 1 if { x } else 2

t[x] := 1 if { x := 1 } else := 2

default u := input.x

v if every x in xs

w := 1; x := 2
