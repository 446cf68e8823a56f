//! Invented Vietnamese names for generated people. Any match with a real person is a
//! coincidence: names are drawn at random from common family, middle and given names.

const FAMILY: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
    "Dương", "Lý", "Đinh", "Trương", "Lâm", "Mai", "Tô", "Hà", "Châu", "Thái",
];
const MIDDLE_FEMALE: &[&str] = &["Thị", "Ngọc", "Thanh", "Thu", "Minh", "Kim", "Bảo", "Mỹ", "Phương", "Hồng"];
const MIDDLE_MALE: &[&str] = &["Văn", "Minh", "Quốc", "Đức", "Hữu", "Thanh", "Công", "Gia", "Hoàng", "Tấn"];
const GIVEN_FEMALE: &[&str] = &[
    "An", "Anh", "Ánh", "Bích", "Châu", "Chi", "Diễm", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng", "Hiền",
    "Hoa", "Huệ", "Hương", "Lan", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Nhung", "Oanh", "Phượng", "Quyên",
    "Thảo", "Thư", "Trang", "Trâm", "Tuyết", "Uyên", "Vân", "Vy", "Xuân", "Yến",
];
const GIVEN_MALE: &[&str] = &[
    "An", "Bảo", "Bình", "Cường", "Dũng", "Đạt", "Định", "Đông", "Hải", "Hiếu", "Hòa", "Hoàng", "Hùng", "Huy",
    "Khang", "Khánh", "Khoa", "Kiên", "Lâm", "Long", "Lộc", "Minh", "Nam", "Nghĩa", "Nhân", "Phong", "Phúc",
    "Quang", "Sơn", "Tài", "Thắng", "Thành", "Thịnh", "Toàn", "Trí", "Trung", "Tuấn", "Việt", "Vinh",
];

/// A small deterministic generator (SplitMix64), so the demo is the same on every run.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }

    pub fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound.max(1)
    }
}

/// Invents a full name: family, middle and given name.
pub fn full_name(rng: &mut Rng) -> String {
    let family = rng.pick(FAMILY);
    if rng.below(100) < 70 {
        format!("{family} {} {}", rng.pick(MIDDLE_FEMALE), rng.pick(GIVEN_FEMALE))
    } else {
        format!("{family} {} {}", rng.pick(MIDDLE_MALE), rng.pick(GIVEN_MALE))
    }
}
