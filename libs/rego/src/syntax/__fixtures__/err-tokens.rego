package errors.tokens

a := "unterminated

b := 1 @ 2

c := 01

d := 1.

e := "bad \q escape"

f := ok
