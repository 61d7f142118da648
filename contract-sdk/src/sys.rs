//! The raw imports of the native ABI, exactly as `docs/native-abi.md` lists them.
//!
//! Prefer the safe wrappers at the crate root; these are for contracts that
//! need to pass raw pointers (tests of the VM's bounds checks, for one).
//! Off wasm32 nothing provides them, so only wasm contracts may call them.

#[link(wasm_import_module = "env")]
unsafe extern "C" {
    /// Value length or -1; copies `min(len, out_cap)` bytes to `out_ptr`.
    pub fn storage_read(key_ptr: i32, key_len: i32, out_ptr: i32, out_cap: i32) -> i32;
    /// Stores a value; returns 0.
    pub fn storage_write(key_ptr: i32, key_len: i32, val_ptr: i32, val_len: i32) -> i32;
    /// 1 if a value was removed, 0 if none.
    pub fn storage_remove(key_ptr: i32, key_len: i32) -> i32;
    /// Current block number.
    pub fn block_number() -> i64;
    /// Current block time in milliseconds.
    pub fn timestamp() -> i64;
    /// Writes the 32-byte caller address.
    pub fn caller(out_ptr: i32);
    /// Writes this contract's 32-byte address.
    pub fn address(out_ptr: i32);
    /// Writes the 16-byte value sent with this call.
    pub fn value_transferred(out_ptr: i32);
    /// Writes the 16-byte free balance of a 32-byte address.
    pub fn get_balance(addr_ptr: i32, out_ptr: i32);
    /// Sends a 16-byte amount; 0 ok, 1 failed.
    pub fn transfer(to_ptr: i32, amount_ptr: i32) -> i32;
    /// SHA-256; writes 32 bytes, returns 0.
    pub fn sha256(data_ptr: i32, data_len: i32, out_ptr: i32) -> i32;
    /// Keccak-256; writes 32 bytes, returns 0.
    pub fn keccak256(data_ptr: i32, data_len: i32, out_ptr: i32) -> i32;
    /// BLAKE2b-256; writes 32 bytes, returns 0.
    pub fn blake2_256(data_ptr: i32, data_len: i32, out_ptr: i32) -> i32;
    /// Sets this call's return data.
    pub fn set_return(ptr: i32, len: i32);
    /// Emits an event with 0 to 4 topics of 32 bytes.
    pub fn emit_event(topics_ptr: i32, topics_count: i32, data_ptr: i32, data_len: i32);
    /// Fuel remaining.
    pub fn gas_left() -> i64;
    /// Calls another contract: 0 success, 1 reverted, 2 trapped, 3 no contract.
    pub fn call(
        addr_ptr: i32,
        input_ptr: i32,
        input_len: i32,
        value_ptr: i32,
        gas_limit: i64,
    ) -> i32;
    /// Length of the last call's return data.
    pub fn return_data_len() -> i32;
    /// Copies part of the last call's return data.
    pub fn return_data_copy(out_ptr: i32, offset: i32, len: i32);
    /// Logs a UTF-8 message.
    pub fn debug_log(ptr: i32, len: i32);
}
