//! stream-emulator (under construction).
