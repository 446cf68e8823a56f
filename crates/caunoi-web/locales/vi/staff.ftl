## Staff records of the personnel map: lists, records, the edit form and imports.

staff-title = Cán bộ, giáo viên
staff-title-school = Cán bộ, giáo viên của { $school }
staff-search = Tìm theo tên
staff-search-hint = Ví dụ: nguyen van an
staff-count = { $count } người
staff-empty = Chưa có hồ sơ nào. Hãy nhập danh sách cán bộ, giáo viên từ tệp .xlsx hoặc .csv.
staff-col-name = Họ và tên
staff-col-code = Mã cán bộ
staff-col-position = Chức vụ
staff-col-qualification = Trình độ
staff-col-subjects = Môn giảng dạy
staff-col-periods = Số tiết/tuần
staff-import-link = Nhập danh sách
staff-export-link = Tải danh sách (.xlsx)
staff-my-record = Hồ sơ của tôi
staff-core-teacher = Giáo viên cốt cán
staff-no-value = Chưa có

staff-record-title = Hồ sơ cán bộ, giáo viên
staff-field-full-name = Họ và tên
staff-field-gender = Giới tính
staff-field-staff-code = Mã cán bộ
staff-field-position = Chức vụ
staff-field-qualification = Trình độ đào tạo
staff-field-trained-major = Chuyên ngành đào tạo
staff-field-subjects-taught = Môn giảng dạy
staff-field-periods = Số tiết/tuần
staff-field-roles = Kiêm nhiệm
staff-field-core-teacher = Giáo viên cốt cán
staff-field-birth-date = Ngày sinh
staff-field-identity-number = Số CCCD/CMND
staff-field-phone = Điện thoại
staff-field-email = Email
staff-personal-heading = Thông tin cá nhân được bảo vệ
staff-personal-note = Chỉ bản thân, lãnh đạo nhà trường và bộ phận tổ chức cán bộ của Sở xem được phần này. Mỗi lần xem đều được ghi nhật ký.
staff-competencies = Môn được đào tạo, được phân công
staff-no-competencies = Chưa xác định môn nào.
staff-duties = Nhiệm vụ kiêm nhiệm
staff-no-duties = Không kiêm nhiệm.
staff-edit-link = Sửa hồ sơ
staff-back-to-list = Về danh sách

staff-edit-title = Sửa hồ sơ: { $name }
staff-edit-own-note = Bạn đang sửa hồ sơ của chính mình. Chức vụ, môn giảng dạy, số tiết và kiêm nhiệm do nhà trường cập nhật.
staff-edit-roles-hint = Cách nhau bằng dấu phẩy, ví dụ: GVCN 6A1, Tổ trưởng
staff-edit-save = Lưu hồ sơ
staff-edit-saved = Đã lưu hồ sơ.
staff-edit-invalid = Hồ sơ chưa được lưu. Hãy sửa các ô được đánh dấu; những gì bạn đã gõ vẫn còn nguyên.

staff-import-title = Nhập danh sách cán bộ, giáo viên
staff-import-intro = Tải lên tệp .xlsx hoặc .csv theo mẫu nhà trường đang dùng: họ và tên, ngày sinh, giới tính, mã cán bộ, chức vụ, trình độ, chuyên ngành, môn giảng dạy, số tiết/tuần, kiêm nhiệm, số CCCD, điện thoại, email. Nhập lại cùng danh sách sẽ cập nhật hồ sơ, không tạo bản trùng.
staff-import-file = Tệp danh sách
staff-import-upload = Tải lên và xem trước
staff-import-missing-file = Chưa chọn tệp. Hãy chọn tệp .xlsx hoặc .csv rồi tải lên lại.
staff-import-preview = Xem trước “{ $file }”: { $rows } dòng, { $errors } dòng có lỗi.
staff-import-has-problems = Tệp còn lỗi nên chưa thể nhập. Hãy sửa các dòng dưới đây trong tệp rồi tải lên lại; chưa có gì được lưu.
staff-import-ready = Mọi dòng đều hợp lệ. Bấm “Xác nhận nhập” để lưu tất cả trong một lần.
staff-import-confirm = Xác nhận nhập
staff-import-discard = Hủy
staff-import-done = Đã nhập { $rows } dòng: { $created } hồ sơ mới, { $updated } hồ sơ được cập nhật.
staff-import-discarded = Đã hủy bản xem trước.
staff-import-col-row = Dòng
staff-import-col-problem = Vấn đề

## Values.
staff-position-teacher = Giáo viên
staff-position-principal = Hiệu trưởng
staff-position-deputy_head = Phó hiệu trưởng
staff-position-staff = Nhân viên
staff-qualification-doctor = Tiến sĩ
staff-qualification-master = Thạc sĩ
staff-qualification-bachelor = Đại học
staff-qualification-college = Cao đẳng
staff-qualification-intermediate = Trung cấp
staff-qualification-other = Khác
staff-gender-female = Nữ
staff-gender-male = Nam
staff-duty-homeroom = Giáo viên chủ nhiệm
staff-duty-subject_group_head = Tổ trưởng chuyên môn
staff-duty-subject_group_deputy = Tổ phó chuyên môn
staff-duty-pioneer_leader = Tổng phụ trách Đội
staff-duty-youth_union = Bí thư Đoàn trường
staff-duty-trade_union = Chủ tịch Công đoàn
staff-source-major = theo chuyên ngành đào tạo
staff-source-certificate = theo chứng chỉ
staff-source-declared = theo phân công của trường

## Problems of one value, in the import and the edit form.
staff-row-problem = Dòng { $row }, cột “{ $column }”: { $message }
staff-missing-name = thiếu họ và tên. Hãy điền họ và tên đầy đủ, ví dụ Nguyễn Văn An.
staff-invalid-name = họ và tên “{ $value }” không hợp lệ. Hãy ghi họ và tên bằng chữ, tối đa 100 ký tự.
staff-invalid-birth-date = ngày sinh “{ $value }” không đọc được. Hãy ghi theo dạng ngày/tháng/năm, ví dụ 04/03/1985.
staff-invalid-birth-date-range = ngày sinh “{ $value }” nằm ngoài khoảng hợp lý (năm sinh từ 1940 và đủ 16 tuổi). Hãy kiểm tra lại năm sinh.
staff-invalid-gender = giới tính “{ $value }” không hợp lệ. Hãy ghi “Nam” hoặc “Nữ”.
staff-invalid-position = chức vụ “{ $value }” không hợp lệ. Hãy ghi một trong: Giáo viên, Hiệu trưởng, Phó hiệu trưởng, Nhân viên.
staff-invalid-qualification = trình độ “{ $value }” không hợp lệ. Hãy ghi một trong: Tiến sĩ, Thạc sĩ, Đại học, Cao đẳng, Trung cấp, Khác.
staff-invalid-subject = “{ $part }” trong “{ $value }” không phải tên môn học. Hãy ghi tên môn theo Chương trình 2018, cách nhau bằng dấu phẩy, ví dụ: Tiếng Anh, Tin học.
staff-invalid-periods = số tiết/tuần “{ $value }” không hợp lệ. Hãy ghi một số từ 0 đến 60, ví dụ 17 hoặc 17,5.
staff-invalid-role = “{ $part }” trong “{ $value }” không phải nhiệm vụ kiêm nhiệm đã biết. Hãy ghi: GVCN, Tổ trưởng, Tổ phó, Tổng phụ trách Đội, Bí thư Đoàn, Chủ tịch Công đoàn hoặc Cốt cán.
staff-invalid-identity-number = số CCCD/CMND “{ $value }” không hợp lệ. Hãy ghi đủ 12 chữ số của CCCD (hoặc 9 chữ số của CMND cũ); nên định dạng ô là văn bản để giữ số 0 ở đầu.
staff-invalid-phone = số điện thoại “{ $value }” không hợp lệ. Hãy ghi đủ 10 chữ số, bắt đầu bằng 0, ví dụ 0903123456.
staff-invalid-email = email “{ $value }” không hợp lệ. Hãy ghi đúng dạng ten@truong.edu.vn.
staff-missing-school = không biết dòng này thuộc trường nào. Hãy thêm cột “Trường” (tên hoặc mã trường) hoặc nhập tệp vào trang của một trường.
staff-unknown-school = không tìm thấy trường “{ $value }” trong tỉnh. Hãy ghi đúng mã trường của Bộ GDĐT hoặc tên trường như trong danh sách trường.
staff-ambiguous-school = “{ $value }” trùng với nhiều trường. Hãy ghi mã trường đầy đủ, ví dụ 02-001.
staff-duplicate-row = Dòng { $row }: “{ $value }” trùng với dòng { $first_row } (cùng mã cán bộ, hoặc cùng họ tên và ngày sinh). Hãy xóa một trong hai dòng.

## Problems of the whole file.
staff-file-no-header = Không tìm thấy dòng tiêu đề trong tệp “{ $file }”. Danh sách cần một dòng tiêu đề có cột “Họ và tên” (có thể thêm “Ngày sinh”, “Giới tính”, “Mã cán bộ”, “Chức vụ”, “Môn giảng dạy”…).
staff-file-no-data-rows = Tệp “{ $file }” chỉ có dòng tiêu đề. Hãy điền danh sách cán bộ, giáo viên bên dưới dòng tiêu đề.
staff-import-has-errors = Tệp “{ $file }” có { $errors } dòng lỗi nên chưa nhập dòng nào. Hãy sửa các dòng đó rồi nhập lại.
staff-import-not-pending = Bản xem trước này đã được nhập hoặc đã hủy. Hãy tải tệp lên lại nếu cần nhập tiếp.
staff-api-error-json = Nội dung yêu cầu không phải JSON hợp lệ của hồ sơ. Hãy gửi một đối tượng JSON với các trường như full_name, birth_date, phone (đều là chuỗi).
