#!/usr/bin/env bash
# Generates a staff list of ROWS rows (default 110,000, about the staff of Ho Chi Minh
# City) spread over SCHOOLS schools (default 3,500). It imports the list into a fresh
# SQLite database with a release build and prints a Markdown table for
# docs/benchmarks.md. The table gives the import's wall time and peak memory (from
# /usr/bin/time -v) against a baseline of copying the same file in the same run.
#
# Usage: bench/staff_import.sh [ROWS] [SCHOOLS]
# The requirement is under 30 s and under 300 MB of peak memory for 110,000 rows.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rows="${1:-110000}"
schools="${2:-3500}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$repo_root"
echo "Machine: $(nproc) cores, $(uname -m), $(rustc --version)"
cargo build --quiet --release -p caunoi-db --example bench_staff_import

python3 - "$work/staff.csv" "$rows" "$schools" <<'PY'
import random, sys
path, rows, schools = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
random.seed(7)
family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
middle = ["Văn", "Thị", "Minh", "Ngọc", "Thanh", "Hữu", "Thu", "Quốc", "Kim", "Đức"]
given = ["An", "Bình", "Cúc", "Dũng", "Giang", "Hà", "Hạnh", "Khoa", "Lan", "Long", "Mai", "Nam", "Oanh", "Phúc", "Quân", "Sơn", "Tâm", "Uyên", "Vy", "Yến"]
subjects = ["Toán", "Ngữ văn", "Tiếng Anh", "Tin học", "Âm nhạc", "Mĩ thuật", "Công nghệ", "Khoa học tự nhiên", "Lịch sử và Địa lí", "Giáo dục thể chất"]
roles = ["", "", "", "GVCN 6A1", "Tổ trưởng", "GVCN 7A2, Cốt cán", "Tổ phó"]
levels = ["Đại học", "Thạc sĩ", "Cao đẳng"]
with open(path, "w", encoding="utf-8") as out:
    out.write("DANH SÁCH CÁN BỘ, GIÁO VIÊN\n")
    out.write("STT,Trường,Họ và tên,Ngày sinh,Giới tính,Mã cán bộ,Chức vụ,Trình độ,Chuyên ngành đào tạo,Môn giảng dạy,Số tiết/tuần,Kiêm nhiệm,Số CCCD,Điện thoại,Email\n")
    for i in range(rows):
        school = i % schools
        code = f"{2 + school // 1000:02d}-{school % 1000:03d}"
        name = f"{random.choice(family)} {random.choice(middle)} {random.choice(given)}"
        birth = f"{random.randint(1, 28):02d}/{random.randint(1, 12):02d}/{random.randint(1965, 2002)}"
        gender = random.choice(["Nam", "Nữ"])
        subject = random.choice(subjects)
        out.write(f'{i + 1},{code},{name},{birth},{gender},{i:07d},Giáo viên,{random.choice(levels)},Sư phạm {subject},{subject},{random.randint(12, 19)},"{random.choice(roles)}",0{79000000000 + i:011d},09{i % 100000000:08d},gv{i}@truong.edu.vn\n')
PY
size_mb=$(python3 -c "import os,sys; print(round(os.path.getsize(sys.argv[1]) / 1048576, 1))" "$work/staff.csv")

# measure LABEL COMMAND…: prints "LABEL<TAB>seconds<TAB>peak KB".
measure() {
    local label="$1"
    shift
    /usr/bin/time -v "$@" >"$work/out.txt" 2>"$work/time.txt"
    local wall peak
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {split($2, t, ":"); if (length(t) == 3) print t[1] * 3600 + t[2] * 60 + t[3]; else print t[1] * 60 + t[2]}' "$work/time.txt")
    peak=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
    printf '%s\t%s\t%s\n' "$label" "$wall" "$peak"
}

baseline=$(measure baseline cp "$work/staff.csv" "$work/copy.csv")
import=$(measure import "${CARGO_TARGET_DIR:-target}/release/examples/bench_staff_import" "sqlite://$work/bench.sqlite" "$work/staff.csv" "$schools")
phases=$(cat "$work/out.txt")

echo
echo "File: $rows rows, $schools schools, $size_mb MB of CSV."
echo "Phases of the import (inside the process): $(echo "$phases" | tr '\n\t' '; ')"
echo
echo "| case | wall s | peak MB | wall / baseline |"
echo "|---|---:|---:|---:|"
base_wall=$(cut -f2 <<<"$baseline")
for line in "$baseline" "$import"; do
    IFS=$'\t' read -r label wall peak <<<"$line"
    python3 -c "import sys; l, w, p, b = sys.argv[1:]; print(f'| {l} | {float(w):.2f} | {int(p) / 1024:.1f} | {float(w) / max(float(b), 0.01):.1f} |')" "$label" "$wall" "$peak" "$base_wall"
done
