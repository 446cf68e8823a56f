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
nav-personnel = Bản đồ nhân sự
nav-staff-records = Hồ sơ CB-GV
nav-audit = Nhật ký thay đổi
nav-departments = Các Sở
nav-directives = Văn bản đi
nav-inbox = Văn bản đến
nav-requests = Kiến nghị
nav-answers = Hỏi đáp
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
error-title-405 = Không hỗ trợ thao tác này
error-title-415 = Định dạng không được hỗ trợ
error-framework-400 = Yêu cầu gửi lên không đọc được. Hãy tải lại trang rồi thử lại.
error-framework-403 = Biểu mẫu được gửi từ một trang khác nên đã bị từ chối để bảo vệ tài khoản của bạn. Hãy mở lại trang trên Cầu Nối rồi gửi lại.
error-framework-405 = Địa chỉ này không nhận thao tác vừa gửi. Hãy quay lại trang trước và dùng nút trên trang.
error-framework-413 = Dữ liệu gửi lên quá lớn. Hãy rút ngắn nội dung, hoặc gửi tệp lớn bằng ô đính kèm tệp.
error-framework-415 = Dữ liệu gửi lên không đúng định dạng của biểu mẫu. Hãy gửi lại bằng biểu mẫu trên trang.
error-framework-422 = Biểu mẫu có trường bị lặp hoặc sai kiểu dữ liệu. Hãy tải lại trang, điền lại rồi gửi.
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
school-staff-link = Tài khoản người dùng của trường
school-staff-records-link = Hồ sơ cán bộ, giáo viên
school-classes-link = Số lớp theo khối
school-personnel-link = Thiếu, dư giáo viên của trường
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
import-file-too-expanded = Tệp “{ $file }” khi giải nén lớn hơn { $max_mb } MB, quá lớn so với một danh sách, nên chưa được đọc. Hãy mở tệp bằng Excel, xóa các trang tính và định dạng thừa rồi lưu lại, hoặc lưu thành tệp .csv.
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

## Requests from schools (kiến nghị, phản ánh) and published answers
request-category-curriculum = Chương trình giáo dục
request-category-teaching_methods = Phương pháp dạy học
request-category-assessment = Kiểm tra, đánh giá
request-category-personnel = Đội ngũ, nhân sự
request-category-facilities = Cơ sở vật chất, thiết bị
request-category-digital = Công nghệ thông tin, chuyển đổi số
request-category-administration = Thủ tục hành chính, báo cáo
request-category-other = Khác
request-status-open = Mới gửi
request-status-in_progress = Đang xử lý
request-status-answered = Đã trả lời
request-status-closed = Đã đóng
request-level-cluster = Ban điều phối cụm
request-level-department = Sở GD&ĐT
requests-title-province = Kiến nghị của các trường
requests-title-cluster = Kiến nghị gửi { $cluster }
requests-title-school = Kiến nghị của { $school }
requests-new = Gửi kiến nghị mới
requests-search = Tìm trong kiến nghị
requests-search-hint = Từ khóa, gõ có dấu hoặc không dấu
requests-field-status = Trạng thái
requests-field-category = Lĩnh vực
requests-field-level = Nơi xử lý
requests-field-cluster = Cụm
requests-field-school = Trường
requests-school-hint = Tên trường
requests-filter-pending = Chưa xử lý xong (mới gửi, đang xử lý)
requests-filter-all = Tất cả trạng thái
requests-filter-all-categories = Tất cả lĩnh vực
requests-filter-all-levels = Mọi nơi xử lý
requests-filter-all-clusters = Tất cả các cụm
requests-counts-label = Số kiến nghị theo lĩnh vực
requests-count = Tìm thấy { $count } kiến nghị.
requests-empty = Không có kiến nghị nào khớp với bộ lọc.
requests-col-title = Kiến nghị
requests-col-school = Trường
requests-col-category = Lĩnh vực
requests-col-status = Trạng thái
requests-col-level = Nơi xử lý
requests-col-owner = Người phụ trách
requests-col-created = Ngày gửi
requests-col-due = Hạn trả lời lần đầu
requests-col-messages = Trao đổi
requests-no-owner = Chưa phân công
requests-overdue = Quá hạn trả lời
requests-age-days = { $days ->
        [0] hôm nay
       *[other] { $days } ngày trước
    }
requests-notice-invalid-status = Không có trạng thái “{ $value }” nên danh sách đang lọc theo trạng thái mặc định. Hãy chọn trạng thái trong danh sách.
requests-notice-invalid-category = Không có lĩnh vực “{ $value }” nên bộ lọc lĩnh vực đã được bỏ qua. Hãy chọn lĩnh vực trong danh sách.
requests-notice-invalid-level = Không có nơi xử lý “{ $value }” nên bộ lọc này đã được bỏ qua. Hãy chọn ban điều phối cụm hoặc Sở GD&ĐT.
requests-notice-invalid-cluster = Không có cụm “{ $value }” trong năm học hiện tại nên bộ lọc cụm đã được bỏ qua. Hãy chọn cụm trong danh sách.
requests-new-title = Gửi kiến nghị, phản ánh
requests-back-school = ← Kiến nghị của trường
requests-destination-cluster = Kiến nghị sẽ được gửi tới ban điều phối { $cluster }.
requests-destination-department = Trường chưa thuộc cụm nào trong năm học này nên kiến nghị sẽ được gửi thẳng tới Sở GD&ĐT.
requests-due-note = Nơi nhận cần trả lời lần đầu trong { $days } ngày làm việc.
requests-about-directive = Kiến nghị về văn bản:
requests-choose-category = Chọn lĩnh vực
requests-field-title = Tiêu đề
requests-field-title-help = Một câu ngắn nêu vấn đề, tối đa 200 ký tự.
requests-field-body = Nội dung
requests-field-body-help = Mô tả vướng mắc, nơi phát sinh và đề xuất của trường; tối đa 10.000 ký tự.
requests-submit = Gửi kiến nghị
requests-error-category-missing = Chọn lĩnh vực của kiến nghị.
requests-error-category = Không có lĩnh vực “{ $value }”. Hãy chọn một lĩnh vực trong danh sách.
requests-error-title-missing = Nhập tiêu đề kiến nghị.
requests-error-title-long = Tiêu đề dài { $length } ký tự, vượt mức tối đa { $max } ký tự. Hãy rút gọn và đưa chi tiết vào phần nội dung.
requests-error-body-missing = Nhập nội dung.
requests-error-body-long = Nội dung dài { $length } ký tự, vượt mức tối đa { $max } ký tự. Hãy rút gọn hoặc chia thành nhiều lần trao đổi.
requests-error-note-missing = Nhập ghi chú.
requests-error-note-long = Ghi chú dài { $length } ký tự, vượt mức tối đa { $max } ký tự. Hãy rút gọn.
requests-error-question-missing = Nhập câu hỏi.
requests-error-question-long = Câu hỏi dài { $length } ký tự, vượt mức tối đa { $max } ký tự. Hãy rút gọn.
requests-error-answer-missing = Nhập câu trả lời.
requests-error-answer-long = Câu trả lời dài { $length } ký tự, vượt mức tối đa { $max } ký tự. Hãy rút gọn.
requests-error-directive = Văn bản mã “{ $value }” không có trong các văn bản trường đã nhận. Hãy mở văn bản trong hộp thư của trường rồi gửi kiến nghị từ trang văn bản.
requests-error-status-missing = Chọn trạng thái mới.
requests-error-status = Không có trạng thái “{ $value }”. Hãy chọn một trạng thái trong danh sách.
requests-error-unchanged = Kiến nghị đang ở trạng thái này rồi. Hãy chọn trạng thái khác.
requests-error-transition = Không thể chuyển kiến nghị sang trạng thái này từ trạng thái hiện tại. Hãy chọn một trạng thái trong danh sách.
requests-error-transition-named = Không thể chuyển kiến nghị từ “{ $from }” sang “{ $to }”. Hãy chọn một trạng thái trong danh sách.
requests-error-closed = Kiến nghị đã đóng. Hãy mở lại kiến nghị trước khi trả lời, phân công hoặc chuyển lên Sở.
requests-error-already-escalated = Kiến nghị đã được chuyển lên Sở GD&ĐT, không cần chuyển lại.
requests-error-owner = Người được chọn không thuộc ban điều phối cụm hoặc Sở đang xử lý kiến nghị này. Hãy chọn người trong danh sách.
requests-error-owner-missing = Chọn người phụ trách.
requests-error-owner-value = Mã người phụ trách “{ $value }” không hợp lệ. Hãy chọn người trong danh sách.
requests-error-same-owner = Người này đang phụ trách kiến nghị rồi.
requests-error-changed = Kiến nghị vừa được người khác cập nhật. Hãy tải lại trang, xem thay đổi rồi thực hiện lại.
requests-error-escalate-missing = Nhập lý do chuyển lên Sở để chuyên viên của Sở nắm được vấn đề.
requests-back = ← Danh sách kiến nghị
requests-back-request = ← Quay lại kiến nghị
requests-field-owner = Người phụ trách
requests-field-directive = Văn bản liên quan
requests-field-created = Gửi lúc
requests-field-due = Hạn trả lời lần đầu
requests-first-answered = đã trả lời lần đầu lúc { $date }
requests-field-closed = Đóng lúc
requests-thread = Trao đổi
requests-thread-empty = Chưa có trao đổi nào.
requests-thread-school = Nhà trường
requests-thread-reply = trả lời
requests-thread-status = đổi trạng thái
requests-thread-escalate = chuyển lên Sở GD&ĐT
requests-thread-assign = phân công cho { $owner }
requests-thread-change = Trạng thái: { $from } → { $to }
requests-reply-title = Trả lời
requests-field-reply = Nội dung trả lời
requests-field-marks-answer = Đây là câu trả lời cho kiến nghị (chuyển sang “Đã trả lời”)
requests-reply-submit = Gửi trả lời
requests-status-title = Đổi trạng thái
requests-field-new-status = Trạng thái mới
requests-field-note = Ghi chú (không bắt buộc)
requests-status-submit = Đổi trạng thái
requests-assign-title = Phân công xử lý
requests-assign-submit = Phân công
requests-escalate-title = Chuyển lên Sở GD&ĐT
requests-escalate-help = Dùng khi vấn đề vượt thẩm quyền của cụm. Sau khi chuyển, chuyên viên Sở xử lý; ban điều phối vẫn xem được kiến nghị nhưng không xử lý nữa.
requests-field-escalate-note = Lý do chuyển
requests-escalate-submit = Chuyển lên Sở
requests-publish-link = Đăng thành câu hỏi thường gặp
answers-title = Câu hỏi thường gặp
answers-lead = Các câu trả lời Sở GD&ĐT đăng cho mọi trường trong tỉnh, thành phố.
answers-new = Đăng câu trả lời
answers-new-lead = Câu hỏi và câu trả lời sẽ hiện cho mọi trường trong tỉnh, thành phố. Hãy bỏ tên người và tên trường nếu không cần thiết.
answers-search = Tìm câu hỏi
answers-empty = Chưa có câu trả lời nào khớp với tìm kiếm.
answers-count = Có { $count } câu trả lời.
answers-back = ← Câu hỏi thường gặp
answers-published = đăng ngày { $date }
answers-from-request = Xem kiến nghị gốc
answers-field-question = Câu hỏi
answers-field-answer = Câu trả lời
answers-submit = Đăng
notification-request-new = { $school } gửi kiến nghị mới: { $title }
notification-request-escalated = Ban điều phối cụm chuyển lên Sở kiến nghị của { $school }: { $title }
notification-request-escalated-school = Kiến nghị “{ $title }” đã được chuyển lên Sở GD&ĐT xử lý.
notification-request-reply = Có trả lời mới cho kiến nghị “{ $title }”.
notification-request-school-reply = { $school } trao đổi thêm về kiến nghị “{ $title }”.
notification-request-assigned = Bạn được phân công xử lý kiến nghị “{ $title }” của { $school }.
notification-request-status = Kiến nghị “{ $title }” chuyển sang trạng thái { $status ->
        [open] Mới gửi
        [in_progress] Đang xử lý
        [answered] Đã trả lời
        [closed] Đã đóng
       *[other] { $status }
    }.
audit-action-requests-raise = Gửi kiến nghị
audit-action-requests-reply = Trả lời kiến nghị
audit-action-requests-status = Đổi trạng thái kiến nghị
audit-action-requests-assign = Phân công xử lý kiến nghị
audit-action-requests-escalate = Chuyển kiến nghị lên Sở
audit-action-requests-publish_answer = Đăng câu hỏi thường gặp
audit-entity-request = Kiến nghị
audit-entity-published_answer = Câu hỏi thường gặp
audit-detail-request_id = Mã kiến nghị
audit-detail-handler_level = Nơi xử lý
audit-detail-status_from = Trạng thái trước
audit-detail-status_to = Trạng thái sau
audit-detail-school_side = Do nhà trường thực hiện
audit-detail-owner_id = Mã người phụ trách
requests-field-files = Tệp đính kèm (không bắt buộc)
requests-files-again = Các tệp đã chọn chưa được lưu vì biểu mẫu còn lỗi; hãy chọn lại tệp trước khi gửi.
requests-error-form-too-long = Nội dung gửi lên quá dài. Hãy rút gọn, hoặc đưa phần dài vào một tệp đính kèm.
audit-detail-files = Số tệp đính kèm
requests-api-error-json = Nội dung gửi lên không phải JSON hợp lệ theo tài liệu OpenAPI. Kiểm tra tên, kiểu và sự có mặt của từng trường.
requests-api-error-status = Tham số { $name } không hợp lệ: “{ $value }”. Dùng pending, open, in_progress, answered hoặc closed.
requests-api-error-category = Tham số { $name } không hợp lệ: “{ $value }”. Dùng một mã lĩnh vực như curriculum, assessment hoặc facilities.
requests-api-error-level = Tham số { $name } không hợp lệ: “{ $value }”. Dùng cluster hoặc department.

## Directives, sender side

directive-kind-dispatch = Công văn
directive-kind-plan = Kế hoạch
directive-kind-guidance = Hướng dẫn
directive-kind-decision = Quyết định
directive-kind-notice = Thông báo
directive-status-draft = Bản nháp
directive-status-published = Đã ban hành
directive-status-withdrawn = Đã thu hồi

notify-directive-published = Văn bản mới { $number } “{ $title }” đã được gửi tới trường của bạn.
notify-directive-amended = Văn bản { $number } “{ $title }” đã được sửa đổi (phiên bản { $version }), xin xác nhận lại.
notify-directive-withdrawn = Văn bản { $number } “{ $title }” đã bị thu hồi. Lý do: { $reason }

directives-title = Văn bản chỉ đạo
directives-back = ← Danh sách văn bản chỉ đạo
directives-count = { $count } văn bản
directives-empty = Không có văn bản nào khớp bộ lọc.
directives-tabs-label = Lọc theo trạng thái
directives-tab-all = Tất cả ({ $count })
directives-tab = { $status } ({ $count })
directives-search = Tìm văn bản
directives-search-hint = Số, ký hiệu, tiêu đề, trích yếu hoặc tên tệp đính kèm
directives-kind-all = Mọi loại văn bản
directives-new-department = Soạn văn bản của Sở
directives-new-cluster = Soạn văn bản của ban điều phối { $cluster }
directives-col-number = Số, ký hiệu
directives-col-title = Tiêu đề
directives-col-sender = Nơi gửi
directives-col-status = Trạng thái
directives-col-date = Ngày
directives-col-acknowledged = Đã xác nhận
directives-notice-invalid-status = Trạng thái “{ $value }” không có nên đang hiển thị mọi trạng thái. Chọn Bản nháp, Đã ban hành hoặc Đã thu hồi.
directives-notice-invalid-kind = Loại văn bản “{ $value }” không có nên đang hiển thị mọi loại. Chọn một loại trong danh sách.

directives-new-title = Soạn văn bản chỉ đạo
directives-new-lead = Văn bản được lưu thành bản nháp của { $sender }. Sau khi lưu, bạn đính kèm tệp và xem danh sách trường nhận trước khi ban hành.
directives-edit-title = Sửa bản nháp { $number }
directives-edit-lead = Bản nháp chưa gửi tới trường nào; sửa xong, bạn sẽ xem lại danh sách trường nhận trước khi ban hành.
directives-amend-title = Sửa đổi văn bản { $number }
directives-amend-lead = Nội dung mới được ban hành thành phiên bản { $version }. Mọi trường đã nhận sẽ được báo và phải xác nhận lại; đối tượng nhận giữ nguyên.
directives-amend-submit = Ban hành bản sửa đổi
directives-save-draft = Lưu bản nháp
directives-cancel = Huỷ
directives-form-has-errors = Văn bản chưa được lưu vì một số ô chưa hợp lệ. Sửa các ô dưới đây rồi lưu lại:
directives-form-document = Văn bản
directives-form-deadline = Hạn xác nhận
directives-form-deadline-help = Không bắt buộc. Nếu đặt hạn, các trường chưa xác nhận sẽ được nhắc trước hạn và khi quá hạn. Giờ tính theo giờ Việt Nam; bỏ trống giờ thì lấy 17:00.
directives-form-audience = Đối tượng nhận
directives-form-audience-help = Các điều kiện kết hợp với nhau: chọn cấp Trung học cơ sở và hai cụm thì văn bản gửi tới các trường THCS của hai cụm đó. Trường chỉ định được thêm vào dù không thỏa điều kiện.
directives-field-kind = Loại văn bản
directives-field-number = Số, ký hiệu
directives-field-number-help = Ghi như trên bản in, ví dụ 1581/SGDĐT-GDTrH.
directives-field-issuing-body = Cơ quan ban hành
directives-field-signer = Người ký
directives-field-issued-on = Ngày ban hành
directives-field-date-help = Ngày/tháng/năm, ví dụ 05/09/2025.
directives-field-title = Tiêu đề
directives-field-summary = Trích yếu
directives-field-body = Nội dung
directives-field-body-help = Văn bản thuần; để một dòng trống giữa các đoạn.
directives-field-sender = Nơi gửi
directives-field-deadline = Hạn xác nhận
directives-field-deadline-date = Ngày hạn
directives-field-deadline-time = Giờ hạn
directives-field-remind = Nhắc trước hạn (giờ)
directives-field-remind-help = Số giờ trước hạn để nhắc các trường chưa xác nhận, từ 1 đến 720; mặc định 24.
directives-field-clusters = Cụm chuyên môn
directives-field-communes = Xã, phường
directives-field-communes-help = Nhập mã 5 chữ số hoặc tên xã/phường, cách nhau bằng dấu phẩy, ví dụ: 26743, Phường Sài Gòn. Để trống nếu không lọc theo xã/phường.
directives-communes-list = Xem mã của { $count } xã, phường
directives-field-levels = Cấp học
directives-field-ownerships = Loại hình
directives-field-schools = Trường chỉ định
directives-field-schools-help = Mỗi dòng một trường: mã trường của Bộ GD&ĐT, số hiệu dạng #123 (như trên trang trường), hoặc tên đầy đủ của trường.
directives-field-roles = Người nhận trong trường
directives-field-roles-help = Cán bộ quản lý luôn nhận và là người xác nhận. Chọn thêm để giáo viên cốt cán hoặc giáo viên cũng xem được.
directives-field-change-note = Nội dung sửa đổi
directives-field-change-note-help = Ghi ngắn gọn điều gì thay đổi; các trường đọc ghi chú này khi xác nhận lại.
directives-field-reason = Lý do thu hồi
directives-audience-scope = Phạm vi
directives-audience-everyone = Tất cả trường của tỉnh/thành phố
directives-audience-everyone-cluster = Tất cả trường của cụm
directives-fact-remind = Nhắc trường chưa xác nhận
directives-remind-hours = { $hours } giờ trước hạn
directives-no-deadline = Không đặt hạn

directives-version = Phiên bản { $version }
directives-edit = Sửa bản nháp
directives-delete = Xoá bản nháp
directives-delete-confirm = Xoá hẳn bản nháp này? Không thể khôi phục.
directives-publish = Ban hành tới { $count } trường
directives-tracking = Theo dõi xác nhận
directives-amend = Sửa đổi
directives-withdraw = Thu hồi
directives-counts = Đã gửi tới { $recipients } trường: { $read } trường đã đọc, { $acknowledged } trường đã xác nhận phiên bản hiện hành.
directives-withdrawn-at = Đã thu hồi lúc { $date }
directives-preview-title = Trường sẽ nhận văn bản
directives-preview-total = Đối tượng nhận hiện gồm { $count } trường. Danh sách được tính lại khi ban hành.
directives-preview-empty = Đối tượng nhận chưa chọn được trường nào. Sửa bản nháp để chọn cụm, xã/phường, cấp học hoặc trường cụ thể.
directives-preview-cluster = Cụm
directives-preview-commune = Xã, phường
directives-preview-schools = Số trường
directives-preview-list = Danh sách trường
directives-preview-no-cluster = Chưa thuộc cụm nào
directives-preview-no-commune = Chưa rõ xã/phường
directives-history = Lịch sử
directives-files = Tệp đính kèm
directives-files-none = Chưa có tệp đính kèm.
directives-files-add = Thêm tệp vào bản nháp
directives-files-upload = Tải tệp lên
directives-file-remove = Gỡ tệp
directives-error-no-file = Chưa chọn tệp nào để tải lên. Bấm “Chọn tệp”, chọn một hoặc nhiều tệp rồi tải lên lại.
directives-history-first = Ban hành lần đầu.
directives-withdraw-title = Thu hồi văn bản
directives-withdraw-lead = Các trường vẫn thấy văn bản, kèm dấu đã thu hồi và lý do, nhưng không xác nhận được nữa. Không thể hoàn tác.
directives-withdraw-submit = Thu hồi văn bản

directives-error-missing = { $field ->
    [number_symbol] Chưa nhập số, ký hiệu. Ghi như trên bản in, ví dụ 1581/SGDĐT-GDTrH.
    [issuing_body] Chưa nhập cơ quan ban hành, ví dụ Sở Giáo dục và Đào tạo Thành phố Hồ Chí Minh.
    [title] Chưa nhập tiêu đề của văn bản.
    [change_note] Chưa ghi nội dung sửa đổi. Ghi ngắn gọn điều gì thay đổi để các trường biết cần xác nhận lại điều gì.
    [reason] Chưa ghi lý do thu hồi. Các trường sẽ đọc lý do này.
   *[other] Ô này còn trống; hãy nhập giá trị.
}
directives-error-too-long = { $field ->
    [number_symbol] Số, ký hiệu
    [issuing_body] Cơ quan ban hành
    [signer] Người ký
    [title] Tiêu đề
    [summary] Trích yếu
    [body] Nội dung
    [change_note] Nội dung sửa đổi
    [reason] Lý do thu hồi
   *[other] Giá trị
} dài { $length } ký tự, quá giới hạn { $max } ký tự. Hãy rút gọn.
directives-error-kind = Loại văn bản “{ $value }” không có. Chọn Công văn, Kế hoạch, Hướng dẫn, Quyết định hoặc Thông báo.
directives-error-number = Số, ký hiệu “{ $value }” thiếu số văn bản hoặc dấu “/”. Ghi như trên bản in, ví dụ 1581/SGDĐT-GDTrH.
directives-error-date = { $field ->
    [issued_on] Ngày ban hành
   *[other] Ngày hạn xác nhận
} “{ $value }” không phải ngày hợp lệ. Nhập theo dạng ngày/tháng/năm, ví dụ 05/09/2025.
directives-error-time = Giờ hạn “{ $value }” không hợp lệ. Nhập giờ:phút theo 24 giờ, ví dụ 17:00.
directives-error-time-without-date = Đã nhập giờ hạn { $value } nhưng chưa có ngày hạn. Nhập ngày hạn, hoặc xoá giờ nếu văn bản không cần hạn xác nhận.
directives-error-deadline-past = Hạn xác nhận { $value } đã qua. Chọn thời điểm sau bây giờ, hoặc để trống nếu không cần hạn.
directives-error-deadline-far = Hạn xác nhận { $value } cách hôm nay hơn một năm. Kiểm tra lại năm, hoặc để trống nếu không cần hạn.
directives-error-issued-future = Ngày ban hành { $value } còn ở tương lai xa. Nhập ngày ký văn bản theo dạng dd/mm/yyyy.
directives-error-remind = Số giờ nhắc trước hạn “{ $value }” không hợp lệ. Nhập số nguyên từ 1 đến { $max }; mặc định là 24.
directives-error-audience-empty = Chưa chọn trường nhận. Đánh dấu “Tất cả”, hoặc chọn ít nhất một cụm, xã/phường, cấp học, loại hình hay một trường cụ thể.
directives-error-cluster = Cụm “{ $value }” không phải cụm của năm học hiện tại trong tỉnh. Chọn lại trong danh sách.
directives-error-commune = Không tìm thấy xã/phường “{ $value }” trong tỉnh. Nhập mã 5 chữ số (ví dụ 26743) hoặc tên đầy đủ, cách nhau bằng dấu phẩy.
directives-error-outside-cluster = { $field ->
    [clusters] Cụm “{ $value }”
    [communes] Xã/phường “{ $value }”
   *[other] Trường “{ $value }”
} không thuộc cụm của ban điều phối. Ban điều phối chỉ gửi tới các trường trong cụm; nơi khác do Sở gửi.
directives-error-school = Dòng “{ $value }” không khớp trường nào của tỉnh. Mỗi dòng là mã trường của Bộ GD&ĐT, số hiệu dạng #123 hoặc tên đầy đủ của trường.
directives-error-school-ambiguous = Tên “{ $value }” khớp { $count } trường. Dùng mã trường hoặc số hiệu dạng #123 để chỉ rõ một trường.
directives-error-too-many-schools = Danh sách có { $count } trường chỉ định, quá giới hạn { $max }. Hãy chọn theo cụm, xã/phường hoặc cấp học.
directives-error-role = Vai trò “{ $value }” không nhận văn bản trong trường. Chọn giáo viên cốt cán hoặc giáo viên; cán bộ quản lý luôn nhận.
directives-error-choice = { $field ->
    [levels] Cấp học
    [ownerships] Loại hình
    [roles] Vai trò
   *[other] Lựa chọn
} “{ $value }” không có trong danh sách. Chọn lại trong danh sách.
directives-error-cluster-year = Cụm này thuộc năm học { $year }, còn năm học hiện tại là { $current }. Ban điều phối chỉ gửi từ cụm của năm học hiện tại.
directives-error-not-draft = Văn bản này đã ban hành nên không sửa hay xoá như bản nháp được. Dùng “Sửa đổi” để ban hành phiên bản mới, hoặc “Thu hồi”.
directives-error-not-published = Chỉ sửa đổi hoặc thu hồi được văn bản đang ban hành. Văn bản này là bản nháp hoặc đã bị thu hồi.
directives-error-publish-deadline = Hạn xác nhận { $value } đã qua nên chưa ban hành được. Sửa bản nháp để đặt hạn mới hoặc bỏ hạn.
directives-error-publish-no-school = Đối tượng nhận hiện không chọn được trường nào nên chưa ban hành được. Sửa bản nháp để chọn lại đối tượng nhận.
directives-api-error-json = Nội dung yêu cầu không phải JSON đúng lược đồ: { $detail }. Xem lược đồ trong tài liệu OpenAPI tại /api/openapi.json.
directives-api-error-deadline = ack_deadline “{ $value }” không hợp lệ. Dùng dạng RFC 3339, ví dụ 2026-12-20T17:00:00+07:00.
directives-api-error-parameter = Tham số { $name } có giá trị “{ $value }” không hợp lệ. Xem các giá trị được phép trong tài liệu OpenAPI.

## Notifications, email and reminders
nav-notifications = Thông báo
nav-notifications-unread = { $count } thông báo chưa đọc
notifications-title = Thông báo
notifications-unread-summary = { $count ->
    [0] Bạn đã đọc hết thông báo.
   *[other] Bạn có { $count } thông báo chưa đọc.
}
notifications-filter-label = Lọc thông báo
notifications-show-all = Tất cả
notifications-show-unread = Chưa đọc
notifications-read-all = Đánh dấu tất cả đã đọc
notifications-settings-link = Cài đặt nhận thư điện tử
notifications-empty = Chưa có thông báo nào. Thông báo về văn bản chỉ đạo, nhắc hạn xác nhận và kiến nghị sẽ hiện ở đây.
notifications-empty-unread = Không có thông báo chưa đọc.
notifications-unread = Chưa đọc
notifications-mark-read = Đánh dấu đã đọc
notifications-notice-invalid-show = Bộ lọc “{ $value }” không có nên đang hiện tất cả thông báo. Chọn “Tất cả” hoặc “Chưa đọc”.
notification-kind-directive = Văn bản chỉ đạo
notification-kind-reminder = Nhắc hạn
notification-kind-request_new = Kiến nghị mới
notification-kind-request_reply = Trả lời kiến nghị
notification-kind-request_status = Trạng thái kiến nghị
notifications-settings-title = Nhận thông báo qua thư điện tử
notifications-settings-lead = Mọi thông báo luôn hiện trong ứng dụng. Chọn loại nào được gửi thêm qua thư điện tử.
notifications-settings-legend = Gửi qua thư điện tử
notifications-settings-help-directive = Khi có văn bản mới, hoặc văn bản được sửa đổi, thu hồi hay chuyển cho bạn. Mặc định: bật.
notifications-settings-help-reminder = Khi trường của bạn sắp đến hạn hoặc đã quá hạn xác nhận văn bản. Mặc định: bật.
notifications-settings-help-request_new = Khi một trường gửi kiến nghị mà bạn tham gia xử lý. Mặc định: bật.
notifications-settings-help-request_reply = Khi có trả lời trong kiến nghị bạn theo dõi. Mặc định: bật.
notifications-settings-help-request_status = Khi kiến nghị bạn theo dõi đổi trạng thái, người phụ trách hoặc nơi xử lý. Mặc định: tắt.
notifications-settings-save = Lưu cài đặt
notifications-settings-saved = Đã lưu cài đặt.
notifications-settings-no-email = Tài khoản của bạn chưa có địa chỉ thư điện tử nên chưa nhận được thư. Nhờ quản trị viên thêm địa chỉ; cài đặt dưới đây có hiệu lực từ lúc đó.
notifications-settings-error-kind = Loại thông báo “{ $value }” không có. Chọn lại trong danh sách dưới đây rồi lưu.
notifications-back = Quay lại danh sách thông báo
notifications-api-error-unread = Tham số { $name } không hợp lệ: “{ $value }”. Dùng true để chỉ lấy thông báo chưa đọc, hoặc false để lấy tất cả.
notify-reminder-before-deadline = Sắp đến hạn xác nhận văn bản { $number } “{ $title }” (hạn { $deadline }); trường của bạn chưa xác nhận.
notify-reminder-overdue = Đã quá hạn xác nhận văn bản { $number } “{ $title }” (hạn { $deadline }); trường của bạn chưa xác nhận.
email-subject = [Cầu Nối] { $line }
email-english-below = — Bản tiếng Anh (English version) —
email-greeting = Kính gửi { $name },
email-open = Xem chi tiết: { $url }
email-footer = Bạn nhận thư này vì đã chọn nhận thông báo loại “{ $kind }” qua thư điện tử. Đổi cài đặt tại: { $settings }
audit-action-directive-remind = Nhắc hạn xác nhận văn bản
audit-action-notification-settings = Đổi cài đặt nhận thông báo qua thư
audit-entity-user = Người dùng
audit-detail-reminder_step = Bước nhắc
audit-detail-reminder_version = Phiên bản văn bản
audit-detail-reminded_schools = Số trường được nhắc
audit-detail-reminded_people = Số người nhận thông báo
audit-detail-emailed_kinds = Loại gửi qua thư

## Attachments
# $name: the file name as the user chose it
uploads-error-type = Tệp «{ $name }» không phải PDF, Word (DOCX, DOC), Excel (XLSX, XLS) hay ảnh (JPEG, PNG, WebP): hãy chọn tệp thuộc một trong các loại này, hoặc lưu tài liệu thành PDF rồi tải lên lại. Loại tệp được xác định theo nội dung, không theo phần đuôi của tên.
# $name, $max_mb
uploads-error-too-large = Tệp «{ $name }» lớn hơn { $max_mb } MB: hãy giảm độ phân giải của ảnh hoặc bản quét, hoặc tách thành nhiều tệp nhỏ hơn rồi tải lên lại.
uploads-error-body-too-large = Tệp «{ $name }» quá lớn cho biểu mẫu này: hãy chọn tệp nhỏ hơn rồi gửi lại.
uploads-error-empty = Tệp «{ $name }» trống (0 byte): hãy kiểm tra tệp trên máy rồi chọn lại.
# $name, $max
uploads-error-too-many = Mỗi lần chỉ gửi được { $max } tệp, nên tệp «{ $name }» và các tệp sau nó chưa được nhận: hãy bỏ bớt tệp, hoặc gửi phần còn lại ở lần sau.
uploads-error-timeout = Quá lâu không nhận được dữ liệu của biểu mẫu: hãy kiểm tra kết nối mạng rồi gửi lại.
uploads-error-malformed = Không đọc được biểu mẫu gửi lên: hãy tải lại trang rồi gửi lại.
# $max_kb
uploads-error-text-too-long = Nội dung nhập vào biểu mẫu dài hơn { $max_kb } KB: hãy rút gọn, hoặc đưa phần dài vào một tệp đính kèm.
uploads-error-storage = Không lưu được tệp «{ $name }» do sự cố ở máy chủ: hãy gửi lại sau ít phút; nếu vẫn không được, hãy báo cho quản trị hệ thống.
# $max_mb, $max
uploads-hint = Tệp PDF, Word, Excel hoặc ảnh (JPEG, PNG, WebP); mỗi tệp tối đa { $max_mb } MB, mỗi lần tối đa { $max } tệp.
attachments-title = Tệp đính kèm
attachments-download-file = Tải về { $name }
attachment-kind-pdf = PDF
attachment-kind-docx = Word
attachment-kind-doc = Word 97–2003
attachment-kind-xlsx = Excel
attachment-kind-xls = Excel 97–2003
attachment-kind-jpg = Ảnh JPEG
attachment-kind-png = Ảnh PNG
attachment-kind-webp = Ảnh WebP
attachment-size-kb = { $size } KB
attachment-size-mb = { $size } MB

## Directives, receiving side and tracking

inbox-title = Văn bản đến của { $school }
my-directives-title = Văn bản gửi tới tôi
inbox-empty = Chưa có văn bản nào khớp bộ lọc.
my-directives-empty = Chưa có văn bản nào gửi tới bạn qua trường nơi bạn công tác, hoặc không văn bản nào khớp bộ lọc.
# $count (formatted)
inbox-count = { $count } văn bản
inbox-search = Tìm văn bản
inbox-search-hint = Số, ký hiệu, tiêu đề, trích yếu hoặc tên tệp đính kèm
inbox-status = Trạng thái
inbox-status-all = Mọi trạng thái
inbox-status-not_opened = Chưa mở
inbox-status-read = Đã đọc
inbox-status-acknowledged = Đã xác nhận
inbox-status-overdue = Quá hạn
inbox-notice-invalid-status = Trạng thái “{ $value }” không có nên đang hiển thị mọi trạng thái. Chọn Chưa mở, Đã đọc, Đã xác nhận hoặc Quá hạn.
inbox-col-directive = Văn bản
inbox-col-school = Trường nhận
inbox-col-published = Ngày gửi
inbox-col-deadline = Hạn xác nhận
inbox-col-status = Trạng thái
inbox-no-deadline = Không đặt hạn
inbox-no-value = Chưa có
inbox-withdrawn = Đã thu hồi
# $version (formatted)
inbox-amended = Phiên bản { $version }
inbox-amended-acknowledge-again = Phiên bản { $version } — cần xác nhận lại
inbox-amended-notice = Văn bản đã được sửa đổi, nay là phiên bản { $version }. Trường cần xác nhận lại phiên bản này.
# $note
inbox-change-note = Nội dung sửa đổi: { $note }
inbox-change-note-col = Nội dung sửa đổi
inbox-versions = Các phiên bản
inbox-tracking-link = Theo dõi tình trạng các trường nhận
# $at
inbox-withdrawn-at = Văn bản này đã bị thu hồi lúc { $at }; trường không cần xác nhận nữa.
# $reason
inbox-withdraw-reason = Lý do thu hồi: { $reason }
inbox-choose-school = Văn bản được gửi tới nhiều trường bạn quản lý. Chọn trường để xem, xác nhận hoặc chuyển tiếp văn bản:
inbox-field-kind = Loại văn bản
inbox-field-number = Số, ký hiệu
inbox-field-issuing-body = Cơ quan ban hành
inbox-field-signer = Người ký
inbox-field-issued-on = Ngày ban hành
inbox-field-published = Ngày gửi
inbox-field-deadline = Hạn xác nhận
inbox-field-version = Phiên bản
inbox-field-summary = Trích yếu
inbox-field-body = Nội dung
inbox-attachments = Tệp đính kèm
inbox-attachments-empty = Văn bản không có tệp đính kèm.
# $school
inbox-receipt-title = Tình trạng tại { $school }
inbox-receipt-read = Đã đọc
inbox-receipt-acknowledged = Đã xác nhận
inbox-receipt-note = Ghi chú khi xác nhận
# $at (dd/mm/yyyy HH:MM), $name
inbox-receipt-at-by = { $at }, { $name }
inbox-ack-note = Ghi chú gửi nơi ban hành (không bắt buộc)
inbox-ack-hint = Xác nhận cho biết nhà trường đã nhận và sẽ thực hiện văn bản này. Mỗi phiên bản chỉ cần xác nhận một lần.
inbox-ack-submit = Xác nhận đã nhận văn bản
inbox-raise-request = Gửi kiến nghị về văn bản này
inbox-done-acknowledged = Đã xác nhận văn bản cho nhà trường.
inbox-done-already-acknowledged = Nhà trường đã xác nhận phiên bản này từ trước, nên không có gì thay đổi.
# $count
inbox-done-forwarded = { $count ->
        [0] Những người đã chọn đều đã nhận văn bản này từ trước, nên không có gì thay đổi.
       *[other] Đã chuyển văn bản cho { $count } người; họ sẽ nhận được thông báo.
    }
inbox-error-withdrawn = Văn bản này đã bị thu hồi nên không thể xác nhận hay chuyển tiếp nữa.
# $length, $max
inbox-error-note-too-long = Ghi chú dài { $length } ký tự, vượt quá { $max } ký tự cho phép. Hãy rút gọn ghi chú rồi xác nhận lại.
inbox-forward-title = Chuyển tiếp cho giáo viên, nhân viên
inbox-forwarded-to = Đã chuyển cho:
inbox-forward-choose = Chọn người nhận trong trường
inbox-forward-already = đã chuyển
inbox-forward-submit = Chuyển tiếp
inbox-forward-nobody = Trường chưa có người nào khác trong hệ thống để chuyển tiếp.
inbox-error-forward-empty = Chưa chọn người nhận. Đánh dấu ít nhất một người trong danh sách rồi bấm Chuyển tiếp.
inbox-error-forward-person = Người nhận có mã “{ $value }” không thuộc trường này. Chỉ chọn người trong danh sách bên dưới.
# $number, $title, $school
notify-directive-forwarded = { $school } chuyển cho bạn văn bản { $number } “{ $title }”.

# $number
tracking-title = Theo dõi văn bản { $number }
tracking-withdrawn = Văn bản này đã bị thu hồi; tình trạng dưới đây là tình trạng lúc thu hồi.
# $at
tracking-deadline = Hạn xác nhận: { $at }
tracking-no-deadline = Văn bản không đặt hạn xác nhận.
tracking-counts = Tổng hợp
tracking-by-cluster = Theo cụm
tracking-by-commune = Theo xã, phường
tracking-schools = Danh sách trường nhận
tracking-col-school = Trường
tracking-col-cluster = Cụm
tracking-col-commune = Xã, phường
tracking-col-level = Cấp học
tracking-col-read = Đọc lúc
tracking-col-acknowledged = Xác nhận lúc
tracking-col-note = Ghi chú
tracking-col-total = Tổng số
tracking-no-group = Chưa thuộc cụm, xã nào
tracking-cluster-all = Mọi cụm
tracking-commune-all = Mọi xã, phường
tracking-level-all = Mọi cấp học
tracking-search = Tìm trường
tracking-search-hint = Tên trường, không cần dấu
tracking-schools-empty = Không có trường nào khớp bộ lọc.
# $count (formatted)
tracking-school-count = { $count } trường khớp bộ lọc
tracking-export = Tải về tệp Excel (.xlsx)
tracking-notice-invalid-cluster = Cụm “{ $value }” không nằm trong phần bạn theo dõi nên đang hiển thị mọi cụm. Chọn một cụm trong danh sách.
tracking-notice-invalid-commune = Xã, phường “{ $value }” không nằm trong phần bạn theo dõi nên đang hiển thị mọi xã, phường. Chọn một xã, phường trong danh sách.
tracking-notice-invalid-level = Cấp học “{ $value }” không có nên đang hiển thị mọi cấp học. Chọn một cấp học trong danh sách.
tracking-export-sheet-schools = Trường nhận
tracking-export-sheet-counts = Tổng hợp
tracking-export-col-number = STT
tracking-export-col-school = Trường
tracking-export-col-level = Cấp học
tracking-export-col-cluster = Cụm
tracking-export-col-commune = Xã, phường
tracking-export-col-status = Trạng thái
tracking-export-col-read-at = Đọc lúc
tracking-export-col-read-by = Người đọc
tracking-export-col-acknowledged-at = Xác nhận lúc
tracking-export-col-acknowledged-by = Người xác nhận
tracking-export-col-note = Ghi chú xác nhận
tracking-export-col-group = Nhóm
tracking-export-col-name = Tên
tracking-export-group-all = Toàn bộ
tracking-export-group-cluster = Cụm
tracking-export-group-commune = Xã, phường
tracking-export-directive = Văn bản
tracking-export-generated-at = Xuất lúc

api-error-school-required = Thiếu tham số school: hãy ghi mã trường cần xem văn bản đến, ví dụ school=42.
api-error-receipt-status = Tham số { $name } không hợp lệ: “{ $value }”. Dùng một trong các giá trị: not_opened, read, acknowledged, overdue.
api-error-acknowledge-body = Nội dung yêu cầu không hợp lệ. Gửi JSON dạng {"{"}"school": 42, "note": "…"{"}"}, trong đó school là mã trường nhận, note không bắt buộc.

audit-action-directive-acknowledge = Xác nhận đã nhận văn bản
audit-action-directive-forward = Chuyển tiếp văn bản trong trường
audit-detail-receiving_school_id = Mã trường nhận
audit-detail-acknowledged_version = Phiên bản được xác nhận
audit-detail-with_note = Có ghi chú
audit-detail-forwarded_to = Mã người được chuyển
