app-name = Cầu Nối
app-tagline = Nền tảng chung của các cụm chuyên môn
footer-text = Cầu Nối — phần mềm nguồn mở cho các cụm chuyên môn của Sở Giáo dục và Đào tạo

nav-label = Điều hướng chính
nav-menu = Danh mục
nav-province = Tổng quan
nav-clusters = Cụm chuyên môn
nav-communes = Xã, phường
nav-schools = Trường học
nav-people = Nhân sự
nav-proposals = Đề xuất cụm
nav-imports = Nhập danh sách trường
nav-audit = Nhật ký thay đổi
nav-departments = Các Sở
nav-logout = Đăng xuất

login-title = Đăng nhập
login-username = Tên đăng nhập
login-password = Mật khẩu
login-submit = Đăng nhập
login-error-missing = Vui lòng nhập tên đăng nhập và mật khẩu.
login-error-invalid = Tên đăng nhập hoặc mật khẩu không đúng. Kiểm tra lại kiểu gõ và phím Caps Lock rồi thử lại.

error-title-400 = Yêu cầu không hợp lệ
error-title-401 = Cần đăng nhập
error-title-403 = Không được phép
error-title-404 = Không tìm thấy
error-title-409 = Xung đột dữ liệu
error-title-413 = Tệp quá lớn
error-title-422 = Dữ liệu chưa hợp lệ
error-title-429 = Quá nhiều lần thử
error-title-500 = Lỗi hệ thống
error-title-503 = Tạm ngừng phục vụ
error-not-found = Không tìm thấy trang hoặc dữ liệu bạn yêu cầu, hoặc bạn không có quyền xem. Kiểm tra lại đường dẫn.
error-unauthenticated = Bạn cần đăng nhập để tiếp tục.
error-too-many-requests = Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau { $minutes } phút.
error-internal = Hệ thống gặp lỗi khi xử lý yêu cầu. Dữ liệu đã lưu không bị ảnh hưởng; vui lòng thử lại sau ít phút.
error-back-home = Về trang chủ

me-username = Tên đăng nhập
me-roles = Vai trò
me-no-roles = Bạn chưa được giao vai trò nào. Liên hệ quản trị viên của Sở.

scope-province = Tỉnh/thành phố

role-department_admin = Quản trị viên Sở
role-department_specialist = Chuyên viên Sở
role-cluster_coordinator = Điều phối viên cụm
role-board_member = Thành viên ban điều phối cụm
role-commune_officer = Cán bộ phụ trách giáo dục xã/phường
role-school_leader = Cán bộ quản lý trường
role-core_teacher = Giáo viên cốt cán
role-teacher = Giáo viên

level-preschool = Mầm non
level-primary = Tiểu học
level-lower_secondary = Trung học cơ sở
level-upper_secondary = Trung học phổ thông
level-multi_level = Liên cấp
level-continuing_education = Giáo dục thường xuyên

ownership-public = Công lập
ownership-private = Ngoài công lập

commune-kind-commune = Xã
commune-kind-ward = Phường
commune-kind-special_zone = Đặc khu

## Schools, people, audit log and departments

badge-generated = Dữ liệu sinh tự động

listing-filter = Lọc
listing-pager-label = Phân trang
listing-page-previous = ← Trang trước
listing-page-next = Trang sau →
listing-page-position = Trang { $page }/{ $pages }
listing-notice-invalid-page = Số trang “{ $value }” không hợp lệ nên đang hiển thị trang 1. Số trang là số nguyên từ 1 trở lên.
listing-notice-page-past-end = Không có trang { $page } vì danh sách chỉ có { $pages } trang. Đang hiển thị trang cuối.

schools-title = Trường học
schools-search = Tìm theo tên trường
schools-search-hint = Gõ có dấu hoặc không dấu, ví dụ: trung vuong
schools-level = Cấp học
schools-level-all = Tất cả cấp học
schools-cluster = Cụm chuyên môn năm học { $year }
schools-cluster-all = Tất cả các cụm
schools-commune = Xã, phường, đặc khu
schools-commune-all = Tất cả xã, phường, đặc khu
schools-count = Tìm thấy { $count } trường.
schools-empty = Không có trường nào khớp với từ khóa và bộ lọc đã chọn.
schools-col-name = Tên trường
schools-col-level = Cấp học
schools-col-ownership = Loại hình
schools-col-commune = Xã, phường
schools-col-cluster = Cụm chuyên môn
schools-col-moet-code = Mã trường (Bộ GD&ĐT)
schools-commune-unknown = Chưa xác định
schools-no-cluster = Chưa thuộc cụm nào
schools-notice-invalid-level = Không có cấp học “{ $value }” nên bộ lọc cấp học đã được bỏ qua. Hãy chọn cấp học trong danh sách.
schools-notice-invalid-cluster = Không có cụm “{ $value }” trong năm học đang xem nên bộ lọc cụm đã được bỏ qua. Hãy chọn cụm trong danh sách.
schools-notice-invalid-commune = Mã xã, phường “{ $value }” không thuộc tỉnh, thành phố này nên bộ lọc xã, phường đã được bỏ qua.

school-level = Cấp học
school-ownership = Loại hình
school-commune = Xã, phường, đặc khu
school-former-district = Quận, huyện cũ (trước 01/7/2025)
school-moet-code = Mã trường của Bộ GD&ĐT
school-cluster-in-year = Cụm chuyên môn năm học { $year }
school-no-value = Chưa có
school-staff-link = Xem nhân sự của trường
school-cluster-history = Cụm chuyên môn các năm học khác
school-cluster-history-empty = Chưa có thông tin cụm của các năm học khác.
school-year = Năm học
school-cluster-overridden = Xếp riêng, khác cụm của xã, phường
school-staff-title = Nhân sự của { $school }
school-staff-count = { $count } người, xếp theo tên.
school-staff-empty = Trường chưa có ai được giao vai trò trên hệ thống.

people-title = Nhân sự
people-scope-limited = Bạn chỉ thấy nhân sự thuộc trường, xã, phường hoặc cụm mà bạn phụ trách.
people-search = Tìm theo họ tên hoặc tên đăng nhập
people-search-hint = Gõ có dấu hoặc không dấu
people-role = Vai trò
people-role-all = Tất cả vai trò
people-count = Tìm thấy { $count } người.
people-empty = Không có ai khớp với từ khóa và bộ lọc đã chọn.
people-col-name = Họ và tên
people-col-username = Tên đăng nhập
people-col-roles = Vai trò
people-col-school = Trường
people-notice-invalid-role = Không có vai trò “{ $value }” nên bộ lọc vai trò đã được bỏ qua. Hãy chọn vai trò trong danh sách.

person-username = Tên đăng nhập
person-email = Thư điện tử
person-phone = Số điện thoại
person-no-value = Chưa có
person-roles = Vai trò
person-no-roles = Người này chưa được giao vai trò nào.

audit-title = Nhật ký thay đổi
audit-lead = Các thay đổi dữ liệu của Sở, mới nhất trước. Thời gian tính theo giờ Việt Nam (UTC+7).
audit-empty = Chưa có thay đổi nào được ghi lại.
audit-col-time = Thời gian
audit-col-user = Người thực hiện
audit-col-action = Thao tác
audit-col-entity = Đối tượng
audit-col-details = Chi tiết
audit-by-system = Hệ thống
audit-action-clusters-save_layout = Lưu bố cục cụm của năm học
audit-action-clusters-rename = Đổi tên cụm
audit-action-clusters-override_school = Xếp trường vào cụm khác cụm của xã, phường
audit-action-import-apply = Áp dụng danh sách trường đã nhập
audit-action-departments-add = Thêm Sở vào hệ thống
audit-entity-school_year = Năm học
audit-entity-cluster = Cụm
audit-entity-school = Trường
audit-entity-import_batch = Lần nhập
audit-entity-department = Sở
audit-detail-clusters = Số cụm
audit-detail-cluster_id = Mã cụm
audit-detail-school_year = Năm học
audit-detail-province_code = Mã tỉnh
audit-detail-created = Thêm mới
audit-detail-updated = Cập nhật
audit-detail-unchanged = Không đổi
audit-detail-skipped = Bỏ qua

departments-title = Các Sở Giáo dục và Đào tạo
departments-lead = Hệ thống đang phục vụ { $hosted } trên { $total } tỉnh, thành phố.
departments-col-code = Mã
departments-col-province = Tỉnh, thành phố
departments-col-communes = Số xã, phường, đặc khu
departments-col-status = Sở GD&ĐT
departments-hosted = Đang phục vụ
departments-add = Thêm Sở
departments-add-confirm = Thêm Sở Giáo dục và Đào tạo { $province } vào hệ thống?
departments-error-invalid-code = Mã tỉnh “{ $value }” không hợp lệ. Mã tỉnh gồm hai chữ số theo danh mục quốc gia, ví dụ 79 là Thành phố Hồ Chí Minh.
departments-error-already-hosted = Sở Giáo dục và Đào tạo { $province } đã có trên hệ thống, không cần thêm lại.

## Cluster proposals
proposals-title = Đề xuất cụm chuyên môn
proposals-lead = Hệ thống chia các xã, phường của tỉnh/thành phố thành số cụm bạn chọn: mỗi cụm gồm các xã, phường liền kề, gọn về địa lý và có số trường gần bằng nhau. Bạn xem lại, chỉnh sửa rồi mới lưu thành cụm của năm học.
proposals-province-counts = Tỉnh/thành phố có { $communes } đơn vị hành chính cấp xã.
proposals-province-schools = Có { $schools } trường gắn với xã, phường.
proposals-weights-by-commune = Chưa có trường nào gắn với xã, phường, nên các cụm được cân bằng theo số xã, phường thay cho số trường.
proposals-new = Tạo đề xuất mới
proposals-field-year = Năm học
proposals-field-year-help = Nhập theo dạng 2026-2027. Chỉ chọn được năm học chưa có cụm.
proposals-field-k = Số cụm
proposals-field-k-help = Một số nguyên từ 1 đến { $max }.
proposals-field-seed = Số khởi tạo (không bắt buộc)
proposals-field-seed-help = Cùng dữ liệu và cùng số khởi tạo luôn cho cùng một đề xuất. Đổi số để xem phương án khác; để trống là 0.
proposals-submit = Tạo đề xuất
proposals-years = Các năm học đã có cụm
proposals-years-none = Chưa có năm học nào có cụm.
proposals-col-year = Năm học
proposals-col-clusters = Số cụm
proposals-previous = Các đề xuất trước
proposals-previous-none = Chưa có đề xuất nào.
proposals-col-proposal = Đề xuất
proposals-col-created = Tạo lúc
proposals-col-status = Trạng thái
proposals-number = Đề xuất số { $id }
proposals-status-draft = Bản nháp
proposals-status-saved = Đã lưu { $date }
proposals-error-year-missing = Nhập năm học theo dạng 2026-2027.
proposals-error-year = Năm học “{ $value }” không hợp lệ. Nhập hai năm liền nhau theo dạng 2026-2027.
proposals-error-year-exists = Năm học { $year } đã có { $count } cụm. Cụm của một năm học đã có không bao giờ bị ghi đè; hãy chọn năm học khác.
proposals-error-k = Số cụm “{ $value }” không hợp lệ. Nhập một số nguyên từ 1 đến { $max } (số xã, phường của tỉnh/thành phố).
proposals-error-k-missing = Nhập số cụm: một số nguyên từ 1 đến { $max }.
proposals-error-seed = Số khởi tạo “{ $value }” không hợp lệ. Nhập một số nguyên không âm, hoặc để trống.
proposals-error-no-communes = Tỉnh/thành phố này chưa có danh sách xã, phường nên chưa thể đề xuất cụm.
proposals-show-title = Đề xuất cụm năm học { $year }
proposals-back = ← Các đề xuất cụm
proposals-show-lead = Đề xuất { $k } cụm. Số liệu được tính lại theo tọa độ xã, phường và số trường hiện tại mỗi khi mở trang.
proposals-saved-notice = Đề xuất này đã được lưu thành cụm của năm học lúc { $date } và không sửa được nữa.
proposals-saved-link = Xem các cụm của năm học
proposals-year-taken = Năm học { $year } đã có { $count } cụm được lưu sau khi tạo đề xuất này, nên đề xuất không lưu được nữa. Cụm đã có không bao giờ bị ghi đè.
proposals-warning-contiguity = Các cụm sau không liền mạch (có xã, phường tách rời khỏi phần còn lại của cụm): { $clusters }. Bạn vẫn có thể lưu nếu đó là chủ ý.
proposals-warning-empty = Các cụm sau không còn xã, phường nào: { $clusters }. Hãy chuyển ít nhất một xã, phường vào trước khi lưu.
proposals-map-title = Bản đồ đề xuất cụm năm học { $year }
proposals-map-description = Mỗi ô là một xã, phường, tô màu theo cụm được đề xuất. Số liệu của từng cụm có trong bảng bên dưới.
proposals-map-no-cluster = Không thuộc cụm nào
proposals-map-inset = Vẽ tách khỏi vị trí thật, cùng tỉ lệ, để dễ nhìn
proposals-overall = Chỉ số chung
proposals-balance-ratio = Tỉ lệ cụm lớn nhất / cụm nhỏ nhất
proposals-weight-cv = Hệ số biến thiên quy mô cụm
proposals-compactness = Khoảng cách trung bình đến tâm cụm
proposals-all-contiguous = Mọi cụm đều liền mạch
proposals-yes = Có
proposals-no = Không
proposals-figures-help = Quy mô cụm là số trường của cụm (hoặc số xã, phường khi chưa có trường nào). Tỉ lệ càng gần 1 và hệ số biến thiên càng nhỏ thì các cụm càng cân bằng. Khoảng cách trung bình tính trên từng trường (hoặc từng xã, phường khi chưa có trường), đo theo đường thẳng từ điểm trung tâm xã, phường của trường đến tâm cụm; càng nhỏ thì cụm càng gọn.
proposals-ratio-infinite = Vô cùng lớn (có cụm quy mô bằng 0)
proposals-figures = Số liệu từng cụm
proposals-col-cluster = Cụm
proposals-col-communes = Số xã, phường
proposals-col-schools = Số trường
proposals-col-deviation = Chênh lệch so với trung bình
proposals-col-radius = Bán kính
proposals-col-contiguous = Liền mạch
proposals-move = Chuyển xã, phường sang cụm khác
proposals-field-commune = Xã, phường
proposals-choose-commune = — Chọn xã, phường —
proposals-field-target = Chuyển sang cụm
proposals-move-submit = Chuyển
proposals-move-help = Mỗi cụm phải còn ít nhất một xã, phường. Nếu việc chuyển làm một cụm không còn liền mạch, hệ thống vẫn cho chuyển và hiện cảnh báo để bạn quyết định.
proposals-clusters = Các cụm và xã, phường của từng cụm
proposals-not-contiguous = Không liền mạch
proposals-empty = Trống
proposals-cluster-summary = { $communes } xã, phường
proposals-cluster-schools = { $schools } trường
proposals-field-name = Tên cụm
proposals-rename-submit = Đổi tên
proposals-save = Lưu thành cụm của năm học
proposals-save-help = Khi lưu, các cụm trên trở thành cụm chuyên môn của năm học { $year }. Cụm của các năm học khác không thay đổi. Sau khi lưu, đề xuất không sửa được nữa.
proposals-save-submit = Lưu cụm năm học { $year }
proposals-notice-moved = Đã chuyển xã, phường. Số liệu đã được tính lại.
proposals-notice-renamed = Đã đổi tên cụm.
proposals-error-saved = Đề xuất này đã được lưu thành cụm của năm học { $year } nên không sửa hay lưu lại được. Hãy tạo đề xuất mới nếu cần.
proposals-error-commune-missing = Chọn xã, phường cần chuyển.
proposals-error-commune = Xã, phường mã “{ $value }” không thuộc đề xuất này. Chọn một xã, phường trong danh sách.
proposals-error-cluster = Cụm số “{ $value }” không có trong đề xuất này. Chọn một cụm trong danh sách.
proposals-error-last-commune = Không chuyển được: đây là xã, phường cuối cùng của { $cluster }, mà mỗi cụm phải còn ít nhất một xã, phường.
proposals-error-name-missing = Nhập tên cụm.
proposals-error-name-long = Tên cụm dài { $length } ký tự; tối đa { $max } ký tự.
proposals-error-name-taken = Tên “{ $name }” đã được dùng cho một cụm khác trong đề xuất này. Hãy chọn tên khác.
proposals-error-empty = Chưa lưu được: các cụm sau không có xã, phường nào: { $clusters }.
proposals-error-year-taken = Chưa lưu được: năm học { $year } đã có cụm, được lưu sau khi tạo đề xuất này. Cụm đã có không bao giờ bị ghi đè; hãy tạo đề xuất cho năm học khác.

## JSON API
api-error-query = Chuỗi truy vấn không hợp lệ. Kiểm tra tên và giá trị các tham số; mỗi tham số chỉ được ghi một lần.
api-error-page = Tham số { $name } không hợp lệ: “{ $value }”. Số trang phải là số nguyên từ 1 trở lên.
api-error-per-page = Tham số { $name } không hợp lệ: “{ $value }”. Số mục mỗi trang phải là số nguyên từ 1 đến 500.
api-error-id = Tham số { $name } không hợp lệ: “{ $value }”. Mã số phải là số nguyên dương, ví dụ 42.
api-error-province = Tham số { $name } không hợp lệ: “{ $value }”. Mã tỉnh, thành phố gồm 1 hoặc 2 chữ số, ví dụ 79 cho Thành phố Hồ Chí Minh, 01 cho Hà Nội.
api-error-province-required = Thiếu tham số province: không xác định được tỉnh, thành phố cần xem. Thêm mã tỉnh vào yêu cầu, ví dụ province=79.
api-error-commune = Tham số { $name } không hợp lệ: “{ $value }”. Mã xã, phường gồm tối đa 5 chữ số, ví dụ 26743.
api-error-year = Tham số { $name } không hợp lệ: “{ $value }”. Năm học viết theo dạng 2025-2026.
api-error-level = Tham số { $name } không hợp lệ: “{ $value }”. Dùng một trong các giá trị: preschool, primary, lower_secondary, upper_secondary, multi_level, continuing_education.
api-error-role = Tham số { $name } không hợp lệ: “{ $value }”. Dùng một trong các giá trị: department_admin, department_specialist, cluster_coordinator, board_member, commune_officer, school_leader, core_teacher, teacher.

## Province overview, clusters, communes and maps
map-no-cluster = Chưa thuộc cụm nào
map-school-count = { $count } trường
map-other-clusters = Các cụm khác
map-inset-note = Đảo xa được vẽ tách ra ở góc bản đồ, không đúng vị trí thật, cùng tỉ lệ với phần còn lại.
map-title-clusters = Bản đồ cụm chuyên môn của { $province }, năm học { $year }
map-description-clusters = Mỗi ô là một trong { $communes } xã, phường, đặc khu, vẽ quanh điểm tọa độ của đơn vị và tô màu theo { $clusters } cụm chuyên môn. Ranh giới trên bản đồ chỉ là ước lượng, không phải địa giới hành chính. Bảng số liệu của bản đồ nằm ngay bên dưới.
map-title-cluster = Bản đồ { $cluster }, năm học { $year }
map-description-cluster = Các xã, phường, đặc khu của { $cluster } ({ $communes } đơn vị) được tô màu; các đơn vị khác của { $province } tô xám. Ranh giới trên bản đồ chỉ là ước lượng, không phải địa giới hành chính. Danh sách xã, phường của cụm nằm trong bảng bên cạnh.
map-table-summary = Bảng số liệu của bản đồ
map-col-commune = Xã, phường, đặc khu
map-col-kind = Loại đơn vị
map-col-cluster = Cụm chuyên môn
map-col-schools = Số trường

province-notice-invalid-year = Năm học “{ $value }” không hợp lệ nên đang hiển thị năm học { $year }. Nhập hai năm liền nhau theo dạng 2025-2026.
province-year = Năm học
province-year-show = Xem
province-communes = Xã, phường, đặc khu
province-schools = Trường học
province-clusters = Cụm chuyên môn năm học { $year }
province-people = Nhân sự có vai trò
province-map-heading = Bản đồ cụm chuyên môn năm học { $year }
province-no-clusters = Năm học { $year } chưa có cụm chuyên môn nào.
province-propose-link = Lập đề xuất cụm

clusters-title = Cụm chuyên môn năm học { $year }
clusters-count = { $count } cụm chuyên môn
clusters-col-name = Tên cụm
clusters-col-communes = Số xã, phường
clusters-col-schools = Số trường
clusters-total = Tổng cộng

cluster-year = Năm học
cluster-communes = Xã, phường, đặc khu của cụm
cluster-communes-empty = Cụm chưa có xã, phường nào.
cluster-schools = Trường của cụm trong năm học { $year }
cluster-board = Ban điều phối cụm
cluster-board-empty = Cụm chưa có ban điều phối.

board-col-role = Vai trò trong ban
board-col-name = Họ và tên
board-col-affiliation = Đơn vị công tác
board-role-coordinator = Điều phối viên cụm (cụm trưởng)
board-role-level_head = Phụ trách cấp học
board-role-member = Thành viên
affiliation-department = Sở GD&ĐT
affiliation-commune = UBND xã, phường
affiliation-school = Trường
board-add = Thêm thành viên ban điều phối cụm
board-field-username = Tên đăng nhập của người được thêm
board-field-role = Vai trò trong ban
board-field-level = Cấp học phụ trách (chỉ với vai trò phụ trách cấp học)
board-level-none = Không phụ trách cấp học nào
board-field-affiliation = Đơn vị công tác
board-submit = Thêm vào ban điều phối
board-error-username-missing = Nhập tên đăng nhập của người cần thêm vào ban điều phối.
board-error-username-unknown = Không có người dùng “{ $value }” trong tỉnh, thành phố của cụm. Kiểm tra lại tên đăng nhập trên trang Nhân sự.
board-error-role = Chọn vai trò trong ban: điều phối viên cụm, phụ trách cấp học hoặc thành viên.
board-error-level-missing = Chọn cấp học mà người này phụ trách.
board-error-level = Không có cấp học “{ $value }”. Chọn cấp học trong danh sách.
board-error-affiliation = Chọn đơn vị công tác: Sở GD&ĐT, UBND xã, phường hoặc trường.

override-add = Xếp một trường vào cụm này
override-help = Trường được xếp vào cụm này trong năm học { $year }, dù xã, phường của trường thuộc cụm khác. Các năm học khác không thay đổi.
override-field-school = Mã số trường trên hệ thống (số cuối trong địa chỉ trang của trường, ví dụ /schools/123)
override-field-reason = Lý do
override-submit = Xếp vào cụm
override-error-school-missing = Nhập mã số trường cần xếp vào cụm.
override-error-school-unknown = Không có trường mã số “{ $value }” trong tỉnh, thành phố của cụm. Mã số là số cuối trong địa chỉ trang của trường.
override-error-reason-missing = Nhập lý do xếp trường vào cụm này.
override-error-reason-long = Lý do dài { $length } ký tự; tối đa { $max } ký tự.

communes-title = Xã, phường, đặc khu
communes-search = Tìm theo tên xã, phường, đặc khu
communes-search-hint = Gõ có dấu hoặc không dấu, ví dụ: ben thanh
communes-search-submit = Tìm
communes-count = Tìm thấy { $count } đơn vị.
communes-empty = Không có xã, phường, đặc khu nào khớp với từ khóa.
communes-col-area = Diện tích (km²)
communes-col-population = Dân số
communes-col-cluster = Cụm chuyên môn năm học { $year }
communes-no-value = Chưa có

commune-code = Mã đơn vị hành chính
commune-former-units = Các đơn vị cũ sáp nhập vào (trước 01/7/2025)
commune-former-units-empty = Bảng chuyển đổi chính thức không ghi đơn vị cũ nào cho đơn vị này.
commune-former-col-name = Xã, phường, thị trấn cũ
commune-former-col-district = Quận, huyện cũ
commune-former-col-province = Tỉnh, thành phố cũ
commune-former-col-note = Hình thức
commune-note-whole = Nhập toàn bộ
commune-note-part = Nhập một phần
commune-note-unchanged = Giữ nguyên
commune-clusters = Cụm chuyên môn theo năm học
commune-clusters-empty = Đơn vị này chưa thuộc cụm chuyên môn nào.
commune-schools = Trường trên địa bàn
commune-schools-empty = Chưa có trường nào gắn với đơn vị này.

audit-action-clusters-add_board_member = Thêm hoặc cập nhật thành viên ban điều phối cụm
audit-detail-user_id = Mã người dùng
audit-detail-board_role = Vai trò trong ban
audit-detail-level = Cấp học
audit-detail-affiliation = Đơn vị công tác


## School import

imports-title = Nhập danh sách trường
imports-lead = Tải lên danh sách trường của Sở dưới dạng tệp Excel (.xlsx) hoặc CSV. Hệ thống đọc từng dòng, đối chiếu với danh mục xã, phường hiện nay và chỉ ghi vào danh sách trường sau khi bạn kiểm tra và xác nhận.
imports-upload = Tải lên tệp mới
imports-file = Tệp danh sách trường (.xlsx hoặc .csv)
imports-file-help = Dung lượng tối đa { $max_mb } MB. Với tệp Excel, hệ thống đọc trang tính đầu tiên có dữ liệu.
imports-upload-submit = Tải lên và kiểm tra
imports-columns = Tệp cần có những cột nào?
imports-column-name = “Tên trường” (bắt buộc), ví dụ: Trường THPT Trưng Vương.
imports-column-code = “Mã trường” (nên có): mã trường theo danh mục của Bộ GD&ĐT, kèm “Mã tỉnh” nếu có. Nhờ mã trường, khi nhập lại cùng danh sách, trường đã có được cập nhật thay vì tạo thêm.
imports-column-place = “Quận/Huyện” cũ (trước 01/7/2025) hoặc “Xã/Phường” hiện nay (cần một trong hai). Khi một quận, huyện cũ nay thuộc nhiều xã, phường, bạn chọn xã, phường cho từng trường trước khi nhập.
imports-column-level = “Cấp học” (không bắt buộc): Mầm non, Tiểu học, THCS, THPT, Liên cấp hoặc GDTX. Nếu để trống, cấp học được suy ra từ tên trường.
imports-column-ownership = “Loại hình” (không bắt buộc): Công lập, Tư thục hoặc Dân lập.
imports-columns-handled = Tên cột viết hoa hay thường, có dấu hay không dấu đều được. Hệ thống tự xử lý chữ gõ bằng bảng mã TCVN3 (ABC) hoặc VNI, chữ Unicode dựng sẵn hay tổ hợp (NFD), ký tự BOM ở đầu tệp CSV, các dòng tiêu đề văn bản phía trên bảng và tiêu đề cột gộp ô trên nhiều dòng.
imports-columns-review = Trường đại học, cao đẳng, trung cấp được tự động loại ra; bạn vẫn có thể đưa lại từng dòng nếu cần. Chưa có trường nào được ghi cho đến khi bạn bấm nhập.
imports-batches = Các lần nhập trước
imports-batches-empty = Chưa có lần nhập nào.
imports-col-uploaded = Ngày tải lên
imports-col-file = Tệp
imports-col-status = Trạng thái
imports-count-total = Tổng số dòng
imports-count-new = Trường mới
imports-count-updated = Trường cập nhật
imports-count-unchanged = Trường không đổi
imports-row-status-ready = Sẵn sàng
imports-row-status-review = Cần chọn xã, phường
imports-row-status-error = Lỗi
imports-row-status-excluded = Bị loại
imports-row-status-duplicate = Trùng lặp
imports-batch-status-pending = Chờ xử lý
imports-batch-status-applied = Đã nhập
imports-batch-status-discarded = Đã hủy
imports-error-no-file = Chưa chọn tệp. Hãy chọn tệp danh sách trường (.xlsx hoặc .csv) rồi bấm “Tải lên và kiểm tra”.
imports-error-malformed = Không nhận được tệp: yêu cầu gửi lên không phải biểu mẫu tải tệp hợp lệ. Hãy tải lại trang rồi chọn tệp lần nữa.
imports-error-too-large = Tệp tải lên vượt giới hạn { $max_mb } MB. Hãy bỏ các trang tính không cần thiết hoặc chia danh sách thành nhiều tệp.
imports-notice-page-past-end = Không có trang { $page } trong danh sách các lần nhập nên đang hiển thị trang 1.
imports-notice-invalid-status = Trạng thái “{ $value }” không hợp lệ nên bộ lọc trạng thái được bỏ qua.
imports-show-title = Lần nhập số { $id }
imports-show-lead = Tệp “{ $file }”, tải lên lúc { $date }.
imports-back = ← Các lần nhập
imports-apply = Nhập vào danh sách trường
imports-go-apply = Xác nhận nhập hoặc hủy lần nhập ↓
imports-apply-help = Mọi dòng còn lại đều đã sẵn sàng. Dòng bị loại và dòng trùng lặp không được nhập.
imports-apply-unresolved = Còn { $errors } dòng lỗi và { $reviews } dòng chưa chọn xã, phường. Hãy sửa hoặc loại từng dòng ở bảng bên dưới, hoặc chỉ nhập các dòng hợp lệ và bỏ qua phần còn lại.
imports-apply-all = Nhập { $count } trường
imports-apply-skip = Chỉ nhập { $count } dòng hợp lệ, bỏ qua phần còn lại
imports-fix-review = Xem các dòng cần chọn xã, phường
imports-fix-errors = Xem các dòng lỗi
imports-discard = Hủy lần nhập này
imports-result = Kết quả: { $created } trường mới, { $updated } trường được cập nhật, { $unchanged } trường không đổi, { $skipped } dòng bỏ qua.
imports-applied-at = Đã nhập vào danh sách trường lúc { $date }.
imports-schools-link = Xem danh sách trường
imports-discarded = Lần nhập này đã bị hủy; không trường nào được ghi.
imports-upload-again = Tải lên tệp khác
imports-rows = Các dòng trong tệp
imports-rows-count = Có { $count } dòng.
imports-rows-empty = Không có dòng nào ở trạng thái này.
imports-status-all = Tất cả
imports-col-row = Dòng
imports-col-name = Tên trường
imports-col-level = Cấp học
imports-col-moet-code = Mã trường (Bộ GD&ĐT)
imports-col-old-district = Quận/Huyện cũ
imports-col-commune = Xã, phường
imports-col-problems = Ghi chú
imports-col-decision = Xử lý
imports-unknown = Chưa rõ
imports-candidates = Có thể thuộc: { $communes }
imports-change-new = (trường mới)
imports-change-updated = (cập nhật trường đã có)
imports-change-unchanged = (không đổi)
imports-decision = Cách xử lý
imports-decision-choose = — Chọn —
imports-decision-communes = Xã, phường của trường
imports-decision-include = Đưa vào với cấp học
imports-decision-exclude = Loại khỏi lần nhập
imports-decision-save = Lưu
imports-decision-included = Đã đưa vào
imports-decision-excluded = Đã loại
imports-decision-commune = Đã chọn: { $commune }
imports-error-decision-missing = Chưa chọn cách xử lý cho dòng này. Hãy chọn xã, phường, cấp học hoặc “Loại khỏi lần nhập” rồi bấm “Lưu”.

# Messages of the import pipeline (crates/caunoi-db/src/import/MESSAGES.ftl.txt).

# The whole file; nothing was staged.

# $size_mb, $max_mb
import-file-too-large = Tệp “{ $file }” có dung lượng { $size_mb } MB, vượt giới hạn { $max_mb } MB. Hãy bỏ các trang tính không cần thiết hoặc chia danh sách thành nhiều tệp.
# $rows, $max
import-file-too-many-rows = Tệp “{ $file }” có { $rows } dòng dữ liệu, vượt giới hạn { $max } dòng. Hãy chia danh sách thành nhiều tệp.
import-file-unsupported-type = Không đọc được tệp “{ $file }”: chỉ nhận tệp Excel .xlsx hoặc tệp văn bản .csv. Với tệp .xls cũ, hãy mở bằng Excel và lưu lại dưới dạng .xlsx.
import-file-unreadable = Không đọc được tệp “{ $file }”: tệp bị hỏng hoặc không phải tệp Excel .xlsx. Hãy mở tệp bằng Excel, lưu lại rồi tải lên lần nữa.
import-file-empty = Tệp “{ $file }” không có dữ liệu. Hãy kiểm tra lại tệp đã chọn.
# $sheet
import-file-sheet-not-found = Tệp “{ $file }” không có trang tính “{ $sheet }”. Hãy chọn một trang tính có trong tệp.
import-file-no-header = Không tìm thấy dòng tiêu đề trong tệp “{ $file }”. Danh sách cần một dòng tiêu đề có cột “Tên trường” và cột “Quận/Huyện” hoặc “Xã/Phường” (có thể thêm “Mã trường”, “Mã tỉnh”, “Tỉnh”, “Cấp học”, “Loại hình”).
import-file-missing-place-column = Tệp “{ $file }” thiếu cột địa bàn. Hãy thêm cột “Quận/Huyện” (trước 01/7/2025), “Xã/Phường” hoặc “Mã xã” (hiện nay) để xác định xã, phường của từng trường.
import-file-no-data-rows = Tệp “{ $file }” chỉ có dòng tiêu đề, không có trường nào. Hãy điền danh sách trường bên dưới dòng tiêu đề.

# One row of the file.

import-error-missing-name = Dòng { $row }: thiếu tên trường. Hãy điền cột “{ $column }” hoặc xóa dòng này khỏi tệp.
import-error-missing-place = Dòng { $row }: thiếu địa bàn của trường. Hãy điền cột “Quận/Huyện” hoặc cột “Xã/Phường”.
import-error-unknown-level = Dòng { $row }: không xác định được cấp học của “{ $value }” từ tên trường. Hãy điền cột “Cấp học” (Mầm non, Tiểu học, THCS, THPT, Liên cấp hoặc GDTX), hoặc chọn cấp học khi đưa dòng này vào.
import-warning-invalid-level = Dòng { $row }: cột “{ $column }” ghi “{ $value }”, không phải cấp học hợp lệ, nên cấp học được suy ra từ tên trường. Các giá trị hợp lệ: Mầm non, Tiểu học, THCS, THPT, Liên cấp, GDTX.
import-warning-invalid-ownership = Dòng { $row }: cột “{ $column }” ghi “{ $value }”, không phải loại hình hợp lệ, nên loại hình được suy ra từ tên trường. Các giá trị hợp lệ: Công lập, Tư thục, Dân lập.
# $kind
import-excluded-not-a-school = Dòng { $row }: “{ $value }” là { $kind ->
        [university] trường đại học, học viện
        [college] trường cao đẳng
        [vocational_school] trường trung cấp, cơ sở giáo dục nghề nghiệp
       *[other] cơ quan hoặc cơ sở không phải trường phổ thông
    }, nên không được nhập. Nếu đây là trường phổ thông, hãy chọn “Đưa vào” và chọn cấp học.
import-excluded-by-person = Dòng { $row }: đã được loại khỏi lần nhập này theo lựa chọn của người dùng.
# $province (today's province), $old_province (the old province's name, from the file
# or from MOET's list when the file gives only MOET's province code)
import-error-province-outside = Dòng { $row }: tỉnh “{ $old_province }” không thuộc { $province }. Hãy xóa dòng này hoặc kiểm tra lại cột “{ $column }”.
import-error-unknown-district = Dòng { $row }: không tìm thấy quận/huyện cũ “{ $value }” trong bảng chuyển đổi đơn vị hành chính. Kiểm tra lại tên quận/huyện, hoặc điền cột “Xã/Phường” mới.
# $district (the districts matched, as the conversion table writes them)
import-warning-district-guessed = Dòng { $row }: quận/huyện “{ $value }” được hiểu là { $district }. Hãy kiểm tra và chọn xã, phường của trường.
# $district
import-info-former-district = Dòng { $row }: quận/huyện “{ $value }” đã được sáp nhập hoặc đổi tên trước năm 2025; nay thuộc { $district }.
# $district
import-warning-unknown-old-commune = Dòng { $row }: không tìm thấy xã/phường cũ “{ $value }” thuộc { $district }, nên mọi xã, phường mới hình thành từ quận/huyện này được đưa ra để chọn. Kiểm tra lại tên xã/phường cũ.
# $province
import-error-unknown-commune = Dòng { $row }: không tìm thấy xã/phường “{ $value }” của { $province }. Hãy ghi tên xã, phường hiện nay (từ 01/7/2025), ví dụ “Phường Sài Gòn”, hoặc để trống cột “{ $column }” và điền cột “Quận/Huyện”.
# $province
import-error-unknown-commune-code = Dòng { $row }: mã xã “{ $value }” không phải mã của một xã, phường thuộc { $province }. Hãy ghi mã 5 chữ số theo danh mục hiện nay, hoặc để trống cột “{ $column }”.
import-warning-commune-is-old = Dòng { $row }: “{ $value }” là xã/phường cũ (trước 01/7/2025), nên trường được đối chiếu với các xã, phường mới hình thành từ đơn vị này. Nếu biết, hãy ghi tên xã, phường hiện nay.
# $district
import-warning-commune-outside-district = Dòng { $row }: xã/phường “{ $value }” không được hình thành từ quận/huyện cũ “{ $district }”. Xã/phường đã ghi vẫn được dùng; hãy kiểm tra lại một trong hai cột.
# $count
import-review-several-communes = Dòng { $row }: { $count ->
        [1] cần xác nhận xã, phường của trường.
       *[other] địa bàn “{ $value }” cũ nay thuộc { $count } xã, phường. Hãy chọn xã, phường của trường.
    }
# $first_row
import-duplicate-row = Dòng { $row }: trùng với dòng { $first_row } (cùng mã trường hoặc cùng tên và địa bàn), nên chỉ dòng { $first_row } được nhập.

# Review and apply.

# $batch, $status
import-error-batch-not-pending = Lần nhập số { $batch } { $status ->
        [applied] đã được áp dụng
        [discarded] đã bị hủy
       *[other] không còn chờ xử lý
    }, nên không thể thay đổi hoặc áp dụng lại. Hãy tải tệp lên để tạo lần nhập mới.
# $errors, $reviews
import-error-unresolved-rows = Còn { $errors } dòng lỗi và { $reviews } dòng chưa chọn xã, phường. Hãy sửa hoặc loại các dòng này, hoặc xác nhận “Chỉ nhập các dòng hợp lệ, bỏ qua phần còn lại”.
import-error-decision-not-candidate = Dòng { $row }: xã/phường có mã { $value } không nằm trong các xã, phường được đề xuất cho trường này. Hãy chọn một xã, phường trong danh sách.
# $status
import-error-decision-not-allowed = Dòng { $row }: không thể thực hiện lựa chọn này với dòng ở trạng thái { $status ->
        [ready] sẵn sàng
        [review] chờ chọn xã, phường
        [error] lỗi
        [excluded] bị loại
        [duplicate] trùng lặp
       *[other] { $status }
    }. “Đưa vào” chỉ dùng cho dòng bị loại hoặc lỗi cấp học; dòng trùng lặp không thể thay đổi.
import-error-decision-invalid = Lựa chọn “{ $value }” không hợp lệ. Hãy chọn một xã, phường, “Đưa vào” kèm cấp học, hoặc “Loại”.

## Password
password-title = Đổi mật khẩu
password-lead = Mật khẩu mới cần ít nhất 10 ký tự. Nếu bạn vừa đăng nhập bằng mật khẩu dùng một lần, hãy đặt mật khẩu riêng ngay bây giờ.
password-current = Mật khẩu hiện tại
password-new = Mật khẩu mới
password-confirm = Nhập lại mật khẩu mới
password-submit = Lưu mật khẩu mới
password-error-current = Mật khẩu hiện tại không đúng. Nhập lại mật khẩu bạn vừa dùng để đăng nhập.
password-error-too-short = Mật khẩu mới quá ngắn: cần ít nhất 10 ký tự.
password-error-mismatch = Hai lần nhập mật khẩu mới không khớp nhau. Nhập lại cho giống nhau.
password-error-unchanged = Mật khẩu mới phải khác mật khẩu hiện tại.
me-change-password = Đổi mật khẩu
audit-action-users-create = Tạo người dùng
audit-action-users-change_password = Đổi mật khẩu

proposals-save-confirm = Lưu bố cục này cho năm học? Sau khi lưu, cụm của năm học này không thể ghi đè bằng một đề xuất khác.
