//! Tests of the docx export (being written).
