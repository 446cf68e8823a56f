# Lịch hoạt động: tệp .ics của một hoạt động và lịch cá nhân (đường dẫn bí mật).

cal-kind-seminar = Hội thảo
cal-kind-thematic_workshop = Sinh hoạt chuyên đề
cal-kind-lesson_study = Nghiên cứu bài học
cal-kind-demonstration_lesson = Tiết dạy minh họa
cal-kind-model_lesson = Tiết dạy mẫu
cal-kind-classroom_observation = Dự giờ
cal-kind-plc_meeting = Sinh hoạt cộng đồng học tập chuyên môn
cal-kind-experience_sharing = Sinh hoạt trao đổi kinh nghiệm

cal-presenters = Báo cáo viên: { $names }
cal-waitlisted = Bạn đang ở danh sách chờ: khi có chỗ, hệ thống sẽ báo cho bạn.
cal-meeting-link = Phòng họp trực tuyến: { $url }
cal-details = Chi tiết: { $url }
cal-online = Trực tuyến
cal-feed-name = Cầu Nối: hoạt động chuyên môn

cal-feeds-title = Lịch cá nhân
cal-feeds-lead = Đưa các hoạt động bạn đăng ký hoặc tổ chức vào Google Calendar, Outlook hay Lịch của Apple. Lịch tự cập nhật khi hoạt động đổi giờ, đổi địa điểm hoặc bị hủy.
cal-new-heading = Đường dẫn lịch mới
cal-new-once = Sao chép đường dẫn dưới đây ngay bây giờ: trang này chỉ hiện nó một lần. Đây là đường dẫn bí mật, ai có nó đều xem được lịch của bạn; đừng gửi cho người khác. Nếu lỡ để lộ, hãy thu hồi và tạo đường dẫn mới.
cal-url-label = Đường dẫn lịch (chọn cả ô rồi sao chép)
cal-howto-google-title = Google Calendar
cal-howto-google = Trên máy tính, mở calendar.google.com, bấm dấu + cạnh "Lịch khác", chọn "Từ URL", dán đường dẫn rồi bấm "Thêm lịch". Lịch sẽ hiện trên điện thoại cùng tài khoản Google.
cal-howto-outlook-title = Outlook
cal-howto-outlook = Trong Outlook trên web, mở Lịch, chọn "Thêm lịch", rồi "Đăng ký từ web", dán đường dẫn, đặt tên và bấm "Nhập". Với Outlook trên máy tính: Trang đầu › Thêm lịch › Từ Internet.
cal-howto-apple-title = Lịch của Apple (iPhone, iPad, Mac)
cal-howto-apple = Trên iPhone: Cài đặt › Lịch › Tài khoản › Thêm tài khoản › Khác › Thêm lịch đã đăng ký, dán đường dẫn rồi bấm "Tiếp". Trên Mac: mở Lịch, chọn Tệp › Đăng ký lịch mới, dán đường dẫn.
cal-howto-delay = Các ứng dụng lịch tự tải lại lịch sau một khoảng thời gian (Google Calendar có thể chậm đến vài giờ), nên thay đổi không hiện ngay.
cal-create-hint = Mỗi đường dẫn dùng được cho đến khi bạn thu hồi. Bạn có thể tạo đường dẫn riêng cho từng ứng dụng.
cal-create = Tạo đường dẫn lịch
cal-list-heading = Các đường dẫn lịch của bạn
cal-list-empty = Bạn chưa tạo đường dẫn lịch nào.
cal-col-created = Ngày tạo
cal-col-last-used = Lần dùng gần nhất
cal-col-status = Trạng thái
cal-col-actions = Thao tác
cal-never-used = Chưa dùng
cal-status-active = Đang dùng
cal-status-revoked = Đã thu hồi lúc { $date }
cal-revoke = Thu hồi
cal-link-record = Xem hồ sơ bồi dưỡng chuyên môn của bạn
cal-error-too-many = Bạn đã có { $max } đường dẫn lịch đang dùng, là số tối đa. Hãy thu hồi một đường dẫn không còn dùng rồi tạo đường dẫn mới.
