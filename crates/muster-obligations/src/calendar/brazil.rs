//! Brazil's national holidays (Lei 662/1949 and later laws), the working days LGPD's
//! three-working-day notice counts. Carnival and Corpus Christi are optional days
//! (ponto facultativo), not holidays; add them to the extra list where the office closes.

use jiff::civil::date;

use super::{Holiday, easter::easter_sunday, offset};

pub fn holidays(year: i16) -> Vec<Holiday> {
    let mut days = vec![
        Holiday::new(date(year, 1, 1), "Confraternização Universal"),
        Holiday::new(offset(easter_sunday(year), -2), "Paixão de Cristo"),
        Holiday::new(date(year, 4, 21), "Tiradentes"),
        Holiday::new(date(year, 5, 1), "Dia do Trabalho"),
        Holiday::new(date(year, 9, 7), "Independência do Brasil"),
        Holiday::new(date(year, 10, 12), "Nossa Senhora Aparecida"),
        Holiday::new(date(year, 11, 2), "Finados"),
        Holiday::new(date(year, 11, 15), "Proclamação da República"),
        Holiday::new(date(year, 12, 25), "Natal"),
    ];
    if year >= 2024 {
        // Lei 14.759/2023 made Black Consciousness Day a national holiday from 2024.
        days.push(Holiday::new(
            date(year, 11, 20),
            "Dia Nacional de Zumbi e da Consciência Negra",
        ));
    }
    days
}
