# Sinh hoạt chuyên môn: danh sách, biểu mẫu, đăng ký, danh sách chờ, điểm danh.

act-nav = Sinh hoạt chuyên môn
act-title = Sinh hoạt chuyên môn
act-new = Tạo hoạt động
act-new-title = Hoạt động sinh hoạt chuyên môn mới
act-edit-title = Sửa hoạt động “{ $title }”
act-back = ← Danh sách hoạt động
act-tabs-label = Các danh sách hoạt động
act-tab-upcoming = Sắp diễn ra
act-tab-registered = Tôi đã đăng ký
act-tab-organised = Do tôi tổ chức
act-tab-province = Toàn tỉnh/thành phố
act-search = Tìm theo tên, nội dung, báo cáo viên
act-filter-all = Tất cả
act-field-subject = Môn học
act-field-level = Cấp học
act-field-month = Tháng
act-field-cluster = Cụm chuyên môn
act-empty = Chưa có hoạt động nào trong danh sách này.
act-col-title = Hoạt động
act-col-when = Thời gian
act-col-where = Địa điểm
act-col-organiser = Đơn vị tổ chức
act-col-seats = Đã đăng ký
act-col-status = Trạng thái
act-col-name = Họ và tên
act-col-school = Trường
act-col-nominated-by = Người cử
act-col-queued = Đăng ký lúc
act-col-present = Có mặt
act-col-method = Ghi nhận bằng
act-online = Trực tuyến
act-seats-taken = { $taken }/{ $capacity }
act-seats-left = Còn { $left } trên { $capacity } chỗ
act-seats-unlimited = Không giới hạn số người
act-organiser-department = Sở Giáo dục và Đào tạo
act-organiser-cluster = Ban điều phối { $name }
act-credit = { $hours ->
    [0] { $minutes } phút
   *[other] { $minutes ->
        [0] { $hours } giờ
       *[other] { $hours } giờ { $minutes } phút
    }
}

act-kind-seminar = Hội thảo
act-kind-thematic_workshop = Sinh hoạt chuyên đề
act-kind-lesson_study = Nghiên cứu bài học
act-kind-demonstration_lesson = Dạy minh họa
act-kind-model_lesson = Tiết dạy mẫu
act-kind-classroom_observation = Dự giờ
act-kind-plc_meeting = Sinh hoạt cộng đồng học tập
act-kind-experience_sharing = Trao đổi kinh nghiệm

act-status-draft = Bản nháp
act-status-published = Đang mở
act-status-cancelled = Đã hủy
act-status-done = Đã diễn ra
act-openness-audience = Chỉ đối tượng được chọn
act-openness-province = Mọi giáo viên trong tỉnh/thành phố
act-openness-everyone = Mọi người dùng, kể cả tỉnh khác
act-my-status-registered = Bạn đã đăng ký
act-my-status-waitlisted = Bạn đang trong danh sách chờ
act-my-status-cancelled = Bạn đã hủy đăng ký
act-method-organiser = Đơn vị tổ chức điểm danh
act-method-code = Mã điểm danh

act-done-registered = Đã đăng ký. Hoạt động có trong danh sách “Tôi đã đăng ký”.
act-done-waitlisted = Hoạt động đã đủ chỗ nên bạn được đưa vào danh sách chờ. Khi có người hủy, bạn được nhận chỗ theo thứ tự và được báo.
act-done-left = Đã hủy đăng ký.
act-done-nominated = Đã cử giáo viên. Mỗi người được cử nhận được thông báo.
act-done-checked_in = Đã điểm danh. Thời gian tham gia được ghi nhận.
act-done-published = Đã công bố hoạt động tới các đối tượng được chọn.
act-done-cancelled = Đã hủy hoạt động và báo cho người đã đăng ký.
act-done-saved = Đã lưu thay đổi.

act-field-organiser = Đơn vị tổ chức
act-field-when = Thời gian
act-field-title = Tên hoạt động
act-field-kind = Loại hoạt động
act-field-subjects = Môn học
act-field-subjects-help = Ghi tên môn, cách nhau bằng dấu phẩy, ví dụ: Ngữ văn, Lịch sử và Địa lí. Gõ vài chữ để chọn tên môn theo Chương trình GDPT 2018.
act-field-levels = Cấp học
act-field-grades = Khối lớp
act-field-grades-help = Số từ 1 đến 12, cách nhau bằng dấu phẩy, ví dụ: 6, 7.
act-field-description = Nội dung
act-field-presenters = Báo cáo viên, người dạy minh họa
act-field-presenters-help = Mỗi người một dòng.
act-field-place-school = Trường tổ chức
act-field-place-school-help = Gõ mã trường của Bộ, “#” kèm số hiệu, hoặc tên đầy đủ của một trường trong tỉnh/thành phố.
act-field-place-address = Địa chỉ
act-field-meeting-url = Đường dẫn họp trực tuyến
act-field-meeting-url-help = Đường dẫn https của Zoom, Google Meet, Microsoft Teams, Jitsi hoặc dịch vụ khác.
act-meeting-link = Vào phòng họp trực tuyến
act-meeting-join = Vào phòng họp { $service }
act-field-start-date = Ngày bắt đầu
act-field-start-time = Giờ bắt đầu
act-field-end-date = Ngày kết thúc
act-field-end-time = Giờ kết thúc
act-field-end-help = Để trống ngày kết thúc nếu hoạt động diễn ra trong một ngày. Giờ theo giờ Việt Nam, dạng 24 giờ.
act-field-capacity = Số chỗ
act-field-capacity-help = Để trống nếu không giới hạn. Khi đủ chỗ, người đăng ký sau vào danh sách chờ.
act-field-credit-hours = Số giờ được ghi nhận
act-field-credit-hours-help = Tính bằng giờ, ví dụ 2 hoặc 1,5. Để trống thì lấy thời lượng hoạt động, làm tròn đến 15 phút, tối đa 8 giờ mỗi ngày.
act-field-deadline = Hạn đăng ký
act-field-deadline-date = Hạn đăng ký (ngày)
act-field-deadline-time = Hạn đăng ký (giờ)
act-field-openness = Ai được đăng ký
act-field-credit = Thời gian được ghi nhận
act-field-seats = Số chỗ
act-field-reason = Lý do hủy
act-form-has-errors = Biểu mẫu còn lỗi, chưa được lưu. Sửa các ô dưới đây rồi lưu lại.
act-form-what = Nội dung hoạt động
act-form-where = Địa điểm
act-form-where-help = Chọn một trường, ghi địa chỉ, hoặc ghi đường dẫn họp trực tuyến; có thể kết hợp.
act-form-when = Thời gian (giờ Việt Nam)
act-form-registration = Đăng ký
act-form-audience = Đối tượng
act-form-audience-help = Chọn như khi gửi văn bản chỉ đạo. Cán bộ quản lý các trường được chọn có thể cử giáo viên. Nếu mở cho toàn tỉnh/thành phố hoặc mọi người dùng, có thể bỏ trống.
act-form-cancel = Quay lại
act-save = Lưu
act-edit = Sửa
act-publish = Công bố
act-cancel = Hủy hoạt động
act-register = Đăng ký tham gia
act-join-waiting = Vào danh sách chờ
act-leave = Hủy đăng ký
act-remove = Xóa khỏi danh sách
act-cancelled-notice = Hoạt động này đã bị hủy.
act-mine-heading = Tham gia của bạn
act-waiting-position = thứ { $position } trong danh sách chờ
act-checked-in = Bạn đã được điểm danh.
act-nominate-heading = Cử giáo viên của { $school }
act-nominate-legend = Chọn giáo viên được cử
act-nominate-none = Mọi giáo viên của trường đã đăng ký hoặc được cử.
act-nominate-submit = Cử giáo viên
act-organiser-heading = Dành cho đơn vị tổ chức
act-registrations-title = Danh sách đăng ký
act-registered-heading = Đã có chỗ ({ $count })
act-waiting-heading = Danh sách chờ ({ $count })
act-registrations-empty = Chưa có ai đăng ký.
act-waiting-empty = Không có ai trong danh sách chờ.
act-attendance-title = Điểm danh
act-attendance-summary = { $present } người có mặt, mỗi người được ghi nhận { $credit }.
act-attendance-save = Lưu điểm danh
act-walk-in = Không đăng ký trước
act-field-walk-in = Thêm người có mặt không đăng ký trước (tên đăng nhập)
act-field-walk-in-help = Người này phải thuộc đối tượng của hoạt động.
act-checkin-title = Điểm danh bằng mã
act-checkin-lead = Nhập mã 6 ký tự đơn vị tổ chức đưa ra tại buổi sinh hoạt (trên màn chiếu hoặc trong phòng họp trực tuyến).
act-checkin-code = Mã điểm danh
act-checkin-submit = Điểm danh
act-checkin-project-help = Chiếu mã này lên màn hình hoặc gửi trong phòng họp trực tuyến. Người tham gia mở mục “Điểm danh bằng mã” và nhập mã.
act-checkin-window-times = Nhận điểm danh từ { $from } đến { $to }.
act-checkin-not-open = Hoạt động này chưa công bố hoặc đã hủy nên không nhận điểm danh.
act-checkin-window = Chưa đến hoặc đã hết giờ điểm danh: điểm danh mở từ 30 phút trước giờ bắt đầu đến 60 phút sau giờ kết thúc.
act-checkin-wrong = Mã “{ $value }” không đúng với hoạt động nào đang nhận điểm danh mà bạn được tham gia. Kiểm tra lại 6 ký tự trên màn chiếu.
act-checkin-throttled = Bạn đã nhập sai mã điểm danh quá nhiều lần. Hãy thử lại sau { $minutes } phút, hoặc nhờ đơn vị tổ chức điểm danh cho bạn.
act-checkin-early = Mã đúng nhưng chưa đến giờ điểm danh. Điểm danh mở lúc { $time }.
act-checkin-full = Hoạt động đã đủ chỗ và bạn chưa có chỗ (chưa đăng ký hoặc còn trong danh sách chờ), nên không điểm danh được. Hãy báo đơn vị tổ chức.
act-checkin-missing = Chưa nhập mã điểm danh. Nhập 6 ký tự trên màn chiếu.

act-error-title-missing = Chưa nhập tên hoạt động.
act-error-kind = Loại hoạt động “{ $value }” không có. Chọn một loại trong danh sách.
act-error-choice = Giá trị “{ $value }” không có trong danh sách. Chọn lại trong danh sách.
act-error-organiser = Đơn vị tổ chức “{ $value }” không có trong danh sách bạn được chọn. Chọn lại đơn vị tổ chức.
act-error-subject-long = Tên môn “{ $value }” dài quá { $max } ký tự. Các môn cách nhau bằng dấu phẩy.
act-error-subjects-many = Có { $count } môn, quá giới hạn { $max } môn. Bớt môn hoặc tạo nhiều hoạt động.
act-error-grade = Khối lớp “{ $value }” không hợp lệ. Ghi số từ 1 đến 12, cách nhau bằng dấu phẩy.
act-error-date-missing = { $field ->
    [start] Chưa nhập ngày bắt đầu.
    [end] Chưa nhập ngày kết thúc.
   *[other] Chưa nhập ngày của hạn đăng ký.
}
act-error-date = Ngày “{ $value }” không hợp lệ. Ghi theo dạng ngày/tháng/năm, ví dụ 15/10/2026.
act-error-time-missing = { $field ->
    [start] Chưa nhập giờ bắt đầu.
   *[other] Chưa nhập giờ kết thúc.
}
act-error-time = Giờ “{ $value }” không hợp lệ. Ghi theo dạng 24 giờ, ví dụ 14:00 hoặc 14h30.
act-error-start-past = Giờ bắt đầu { $value } đã qua. Chọn ngày giờ sắp tới.
act-error-capacity = Số chỗ “{ $value }” không hợp lệ. Ghi số nguyên từ 1 đến { $max }, hoặc để trống nếu không giới hạn.
act-error-credit = Số giờ “{ $value }” không hợp lệ. Ghi số giờ lớn hơn 0 và không quá { $max }, ví dụ 2 hoặc 1,5.
act-error-url = Đường dẫn “{ $value }” không hợp lệ. Dán đường dẫn đầy đủ bắt đầu bằng https://, ví dụ https://meet.google.com/abc-defg-hij.
act-error-place-missing = Chưa có địa điểm. Chọn trường, ghi địa chỉ hoặc ghi đường dẫn họp trực tuyến.
act-error-place-school = Không tìm thấy đúng một trường “{ $value }” trong tỉnh/thành phố. Ghi mã trường của Bộ, “#” kèm số hiệu, hoặc tên đầy đủ.
act-error-cancelled = Hoạt động đã bị hủy nên không sửa được.
act-error-not-draft = Hoạt động đã được công bố hoặc đã hủy.
act-error-audience-reaches-none = Đối tượng đã chọn không gồm trường nào trong năm học này. Sửa đối tượng hoặc mở cho toàn tỉnh/thành phố rồi công bố lại.
act-error-reason-missing = Chưa ghi lý do hủy. Người đã đăng ký sẽ đọc lý do này.
act-error-reason-long = Lý do hủy dài { $length } ký tự, quá giới hạn { $max } ký tự. Hãy rút gọn.
act-error-already-registered = Bạn đã có chỗ trong hoạt động này.
act-error-already-waitlisted = Bạn đã ở trong danh sách chờ của hoạt động này.
act-error-already-cancelled = Đăng ký này đã hủy.
act-error-not-registered = Không có đăng ký nào để hủy.
act-error-nominee = Giáo viên “{ $value }” không thuộc trường. Chọn lại trong danh sách.
act-error-nominee-missing = Chưa chọn giáo viên nào. Đánh dấu những người được cử rồi bấm “Cử giáo viên”.
act-error-nominee-failed = Chưa cử được { $name }:
act-error-attendee = Người “{ $value }” không có trong danh sách của hoạt động. Tải lại trang rồi điểm danh lại.
act-error-walk-in = Không thêm được “{ $value }”: không có tên đăng nhập này, hoặc người này không thuộc đối tượng của hoạt động.
act-error-filter-kind = Loại hoạt động “{ $value }” không có; đang hiện mọi loại.
act-error-filter-level = Cấp học “{ $value }” không có; đang hiện mọi cấp.
act-error-filter-month = Tháng “{ $value }” không hợp lệ (ghi dạng 2026-10); đang hiện mọi tháng.
act-error-filter-cluster = Cụm “{ $value }” không có trong năm học này; đang hiện mọi cụm.

activity-error-ends-before-start = Giờ kết thúc { $value } không sau giờ bắt đầu. Sửa ngày hoặc giờ kết thúc.
activity-error-too-long = Hoạt động kết thúc lúc { $value }, dài quá 14 ngày. Kiểm tra lại ngày kết thúc.
activity-error-deadline-after-start = Hạn đăng ký { $value } sau giờ bắt đầu. Chọn hạn đăng ký trước giờ bắt đầu.
activity-register-not-open = Hoạt động chưa công bố hoặc đã hủy nên không nhận đăng ký.
activity-register-deadline-passed = Đã hết hạn đăng ký.
activity-register-started = Hoạt động đã bắt đầu nên không còn nhận đăng ký hoặc hủy đăng ký.

act-notify-nominated = Bạn được cử tham gia “{ $title }”.
act-notify-nominated-waiting = Bạn được cử tham gia “{ $title }” và đang trong danh sách chờ vì đã đủ chỗ.
act-notify-promoted = Đã có chỗ cho bạn trong “{ $title }”.
act-notify-removed = Đơn vị tổ chức đã xóa bạn khỏi danh sách đăng ký “{ $title }”.
act-notify-changed = Hoạt động “{ $title }” đã đổi thời gian hoặc địa điểm. Hãy xem lại chi tiết.
act-notify-cancelled = Hoạt động “{ $title }” đã bị hủy.
notification-kind-activity = Sinh hoạt chuyên môn
notifications-settings-help-activity = Khi bạn được cử tham gia, được nhận chỗ từ danh sách chờ, bị xóa khỏi danh sách hoặc khi hoạt động bị hủy. Mặc định: bật.
act-api-error-tab = Tham số { $name } = “{ $value }” không hợp lệ. Dùng upcoming, registered, organised hoặc province.
act-export = Tải danh sách (.xlsx)
act-col-number = STT
act-export-status-registered = Đã có chỗ
act-export-status-waitlisted = Danh sách chờ
act-export-status-cancelled = Đã hủy
act-leave-checked-in = Bạn đã điểm danh có mặt nên không thể hủy đăng ký. Nếu điểm danh nhầm, hãy báo đơn vị tổ chức.
act-ics-download = Thêm vào lịch (tệp .ics)
