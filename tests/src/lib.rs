//! Shared support for the workspace scenario tests.
