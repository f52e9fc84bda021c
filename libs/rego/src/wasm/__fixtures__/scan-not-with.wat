(func $g0.data.test.names (param i32 i32) (result i32) (local i32 i32 i32 i32 i32 i32 i32 i32)
  block
    call $vg_set
    local.set 2
  end
  block
    local.get 1
    i32.const <str "users">
    call $vg_dot
    local.tee 3
    i32.eqz
    br_if 0
    local.get 3
    call $vg_iter_len
    local.set 8
    i32.const 0
    local.set 9
    block
      loop
        local.get 9
        local.get 8
        i32.ge_u
        br_if 1
        local.get 3
        local.get 9
        call $vg_iter_value
        local.set 5
        local.get 9
        i32.const 1
        i32.add
        local.set 9
        block
          local.get 5
          i32.const <str "disabled">
          call $vg_dot
          local.tee 7
          i32.eqz
          br_if 0
          br 1
        end
        local.get 5
        i32.const <str "name">
        call $vg_dot
        local.tee 6
        i32.eqz
        br_if 0
        local.get 2
        local.get 6
        call $vg_set_add
        br 0
      end
    end
  end
  local.get 2
  return
)

(func $plan:test/names (param i32 i32) (local i32 i32 i32 i32)
  block
    local.get 0
    local.set 4
    local.get 0
    global.get $const:path:["a","b"]
    global.get $const:true
    call $vg_upsert_path
    local.set 0
    call $vg_memo_push
    i32.const 1
    local.set 5
    block
      local.get 0
      local.get 1
      call $g0.data.test.names
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
      i32.const 0
      local.set 5
    end
    local.get 4
    local.set 0
    call $vg_memo_pop
    local.get 5
    br_if 0
  end
)
