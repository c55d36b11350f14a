//! Tests of the akn export (being written).
