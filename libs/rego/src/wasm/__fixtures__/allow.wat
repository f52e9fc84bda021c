(func $g0.data.test.allow (param i32 i32) (result i32) (local i32 i32 i32)
  block
    i32.const 0
    call $vg_memo_get
    local.tee 4
    i32.eqz
    br_if 0
    local.get 4
    i32.const 0
    local.get 4
    i32.const 1
    i32.ne
    select
    return
  end
  block
    local.get 0
    i32.const <str "user">
    call $vg_dot
    local.tee 3
    i32.eqz
    br_if 0
    local.get 3
    i32.const <str "alice">
    call $vg_equal
    i32.eqz
    br_if 0
    block
      block
        local.get 2
        i32.eqz
        br_if 0
        local.get 2
        global.get $const:true
        call $vg_equal
        br_if 1
        i32.const 0
        i32.const <bytes "policy.rego">
        i32.const 11
        i32.const 4
        i32.const 1
        call $vg_conflict_abort
        unreachable
      end
      global.get $const:true
      local.set 2
    end
  end
  block
    local.get 2
    br_if 0
    block
      block
        local.get 2
        i32.eqz
        br_if 0
        local.get 2
        global.get $const:false
        call $vg_equal
        br_if 1
        i32.const 0
        i32.const <bytes "policy.rego">
        i32.const 11
        i32.const 3
        i32.const 1
        call $vg_conflict_abort
        unreachable
      end
      global.get $const:false
      local.set 2
    end
  end
  i32.const 0
  local.get 2
  call $vg_memo_set
  local.get 2
  return
)

(func $plan:test/allow (param i32 i32) (local i32 i32)
  block
    local.get 0
    local.get 1
    call $g0.data.test.allow
    local.tee 2
    i32.eqz
    br_if 0
    call $vg_object
    local.set 3
    local.get 3
    i32.const <str "result">
    local.get 2
    call $vg_object_insert
    local.get 3
    call $vg_result_add
  end
)
