//! `canonical::json`: strict parsing never panics, and what it accepts re-parses to the
//! same value: parse → compact → parse → compact gives the same text (and the same for
//! the sorted form); `compact`/`sorted_compact` equal the tree's writers; every string
//! written by `write_string` parses back to itself.
#![no_main]

use cardseal::canonical::json;
use cardseal_fuzz::checked;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    cardseal_fuzz::begin(data);
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Some(v) = checked(json::parse(text)) else {
        assert!(json::compact(text).is_err());
        assert!(json::sorted_compact(text).is_err());
        return;
    };
    let c1 = v.to_compact();
    let s1 = v.to_sorted();
    assert_eq!(json::compact(text).unwrap(), c1);
    assert_eq!(json::sorted_compact(text).unwrap(), s1);
    assert_eq!(v.to_string(), c1);
    let _ = format!("{v:?}");
    let _ = v.type_name();

    let v2 = json::parse(&c1)
        .unwrap_or_else(|e| panic!("compact output does not re-parse: {e}: {c1:?}"));
    assert_eq!(v2, v, "re-parsed compact differs");
    assert_eq!(v2.to_compact(), c1, "compact is not stable");
    assert_eq!(v2.to_sorted(), s1);
    let v3 =
        json::parse(&s1).unwrap_or_else(|e| panic!("sorted output does not re-parse: {e}: {s1:?}"));
    assert_eq!(v3.to_sorted(), s1, "sorted is not stable");
    assert_eq!(v3.to_compact(), s1, "sorted text is not in sorted order");
    assert_eq!(c1.len(), s1.len());

    // Strings: the writer's escaping round-trips through the parser.
    if let Some(s) = v.as_str() {
        let mut out = String::new();
        json::write_string(s, &mut out);
        assert_eq!(out, c1);
        assert_eq!(json::parse(&out).unwrap().as_str(), Some(s));
    }
    if let Some(members) = v.as_object() {
        for (k, _) in members {
            let mut out = String::new();
            json::write_string(k, &mut out);
            assert_eq!(json::parse(&out).unwrap().as_str(), Some(k.as_ref()));
        }
        // Sorted order is by `cmp_utf16`, a total order.
        for pair in json::parse(&s1).unwrap().as_object().unwrap().windows(2) {
            if let [(a, _), (b, _)] = pair {
                assert_eq!(
                    json::cmp_utf16(a, b),
                    std::cmp::Ordering::Less,
                    "{a:?} {b:?}"
                );
                assert_eq!(json::cmp_utf16(b, a), std::cmp::Ordering::Greater);
            }
        }
    }
});
