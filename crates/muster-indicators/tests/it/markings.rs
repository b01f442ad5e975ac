//! TLP 2.0 ordering and filtering, PAP, and the STIX marking ids.

use muster_indicators::{Pap, Tlp};

#[test]
fn tlp_is_ordered_from_clear_to_red() {
    assert!(Tlp::Clear < Tlp::Green);
    assert!(Tlp::Green < Tlp::Amber);
    assert!(Tlp::Amber < Tlp::AmberStrict);
    assert!(Tlp::AmberStrict < Tlp::Red);
    let mut shuffled = vec![
        Tlp::Red,
        Tlp::Clear,
        Tlp::AmberStrict,
        Tlp::Green,
        Tlp::Amber,
    ];
    shuffled.sort();
    assert_eq!(shuffled, Tlp::ALL);
}

#[test]
fn nothing_above_the_chosen_level_is_allowed() {
    let allowed: Vec<Tlp> = Tlp::ALL
        .into_iter()
        .filter(|t| Tlp::Amber.allows(*t))
        .collect();
    assert_eq!(allowed, vec![Tlp::Clear, Tlp::Green, Tlp::Amber]);
    assert!(Tlp::Clear.allows(Tlp::Clear));
    assert!(!Tlp::Clear.allows(Tlp::Green));
    assert!(Tlp::Red.allows(Tlp::Red));
    assert!(!Tlp::AmberStrict.allows(Tlp::Red));
}

#[test]
fn tlp_names_parse_and_print() {
    for tlp in Tlp::ALL {
        assert_eq!(tlp.name().parse::<Tlp>().expect("parses"), tlp);
        assert_eq!(tlp.label().parse::<Tlp>().expect("label parses"), tlp);
        let json = serde_json::to_string(&tlp).expect("json");
        assert_eq!(json, format!("\"{}\"", tlp.name()));
        assert_eq!(serde_json::from_str::<Tlp>(&json).expect("back"), tlp);
    }
    assert_eq!(Tlp::AmberStrict.name(), "amber+strict");
    assert_eq!(Tlp::AmberStrict.label(), "TLP:AMBER+STRICT");
    assert_eq!("tlp:white".parse::<Tlp>().expect("white"), Tlp::Clear);
    assert_eq!(
        "orange".parse::<Tlp>().unwrap_err().to_string(),
        "not a TLP level: `orange`; expected clear, green, amber, amber+strict or red"
    );
}

#[test]
fn stix_marking_ids_are_the_ones_oasis_published() {
    let ids: Vec<&str> = Tlp::ALL.into_iter().map(Tlp::stix_marking_id).collect();
    assert_eq!(
        ids,
        [
            "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
            "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
            "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
            "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
            "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
        ]
    );
    for tlp in Tlp::ALL {
        assert_eq!(Tlp::from_stix_marking_id(tlp.stix_marking_id()), Some(tlp));
        let def = tlp.stix_marking_definition();
        assert_eq!(def["id"], tlp.stix_marking_id());
        assert_eq!(
            def["extensions"][muster_indicators::TLP2_EXTENSION_ID]["tlp_2_0"],
            tlp.name()
        );
    }
    // TLP 1.0 WHITE and RED, as older feeds mark them.
    assert_eq!(
        Tlp::from_stix_marking_id("marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9"),
        Some(Tlp::Clear)
    );
    assert_eq!(
        Tlp::from_stix_marking_id("marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed"),
        Some(Tlp::Red)
    );
    assert_eq!(
        Tlp::from_stix_marking_id("marking-definition--00000000-0000-0000-0000-000000000000"),
        None
    );
}

#[test]
fn pap_is_ordered_and_named() {
    assert!(Pap::Clear < Pap::Green && Pap::Green < Pap::Amber && Pap::Amber < Pap::Red);
    for pap in Pap::ALL {
        assert_eq!(pap.label().parse::<Pap>().expect("parses"), pap);
    }
    assert_eq!("PAP:WHITE".parse::<Pap>().expect("white"), Pap::Clear);
    assert!("amber+strict".parse::<Pap>().is_err());
}
