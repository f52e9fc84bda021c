package strings

escapes := "quote\" backslash\\ slash\/ b\b f\f n\n r\r t\t"

unicode := "\u00e9\u4e2d\ud83d\ude00"

raw := `C:\path\n no escapes`

multiline := `line one
line two`

empty := ""

keys := {"a b": 1, `raw key`: 2}

ref := input["x-y"]["a b"]
